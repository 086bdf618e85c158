package kr.publicdata.scheduler.admin;

import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.JobDefinition;
import kr.publicdata.scheduler.run.DynamoJson;
import kr.publicdata.scheduler.run.ExecutionsTable;
import kr.publicdata.scheduler.store.RunBookkeeping;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/jobs}: each job with its schedule, time zone, next three runs in KST, its last run, and
 * per source when it last updated successfully (how fresh the data is).
 */
final class ListJobs {

    private static final ZoneId KST = ZoneId.of("Asia/Seoul");
    private static final List<String> LAST_RUN_FIELDS =
            List.of("executionId", "status", "trigger", "requestedBy", "mode", "startTime", "endTime", "durationMs", "result");

    private final Catalogue catalogue;
    private final DynamoDbClient dynamo;
    private final AdminConfig config;
    private final RunBookkeeping bookkeeping;
    private final Clock clock;

    ListJobs(Catalogue catalogue, DynamoDbClient dynamo, AdminConfig config, Clock clock) {
        this.catalogue = catalogue;
        this.dynamo = dynamo;
        this.config = config;
        this.bookkeeping = new RunBookkeeping(dynamo, config.recordsTable());
        this.clock = clock;
    }

    ApiResponse handle() {
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (JobDefinition job : catalogue.jobs()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("jobName", job.name());
            entry.put("description", job.description());
            entry.put("schedule", job.schedule());
            entry.put("timeZone", catalogue.timeZone());
            entry.put("nextRuns", job.nextRuns(clock.instant(), 3, catalogue.zone()).stream()
                    .map(run -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(run.withZoneSameInstant(KST))).toList());
            entry.put("lastRun", lastRun(job.name()));
            List<String> enabled = config.enabled(job);
            List<Map<String, Object>> sources = new ArrayList<>();
            for (String source : job.sources()) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("source", source);
                s.put("enabled", enabled.contains(source));
                s.put("lastSuccessAt", bookkeeping.loadState(source).lastSuccessAt());
                sources.add(s);
            }
            entry.put("sources", sources);
            jobs.add(entry);
        }
        return new ApiResponse(200, Map.of("jobs", jobs));
    }

    private Map<String, Object> lastRun(String jobName) {
        List<Map<String, AttributeValue>> items = dynamo.query(b -> b.tableName(config.executionsTable())
                .indexName(ExecutionsTable.BY_JOB).keyConditionExpression("jobName = :job")
                .expressionAttributeValues(Map.of(":job", AttributeValue.fromS(jobName)))
                .scanIndexForward(false).limit(1)).items();
        if (items.isEmpty()) {
            return null;
        }
        Map<String, Object> record = DynamoJson.plain(items.getFirst());
        Map<String, Object> last = new LinkedHashMap<>();
        LAST_RUN_FIELDS.forEach(f -> last.put(f, record.get(f)));
        return last;
    }
}
