package kr.publicdata.scheduler.run;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.JobDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Makes sure no run stays RUNNING: for a Step Functions "Execution Status Change" event (FAILED,
 * TIMED_OUT, ABORTED — the endings a workflow's own Catch cannot see) it marks the run's record FAILED
 * with the reason unless the record is already final, releases the job's lease, and alerts only when it
 * changed the record. Idempotent: a repeated event changes nothing and alerts nothing.
 */
public final class RunFinaliserHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RunFinaliserHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ENDINGS = List.of("FAILED", "TIMED_OUT", "ABORTED");

    private final Catalogue catalogue;
    private final RunStore runs;
    private final SnsClient sns;
    private final String topicArn;
    private final AlertPolicy policy;
    private final Clock clock;

    public RunFinaliserHandler() {
        this(Catalogue.load(), new RunStore(LambdaClients.dynamo(), System.getenv("EXECUTIONS_TABLE")),
                LambdaClients.sns(), System.getenv("ALERT_TOPIC_ARN"), LambdaClients.alertQuietPeriod(),
                Clock.systemUTC());
    }

    RunFinaliserHandler(Catalogue catalogue, RunStore runs, SnsClient sns, String topicArn, Duration quietPeriod,
                        Clock clock) {
        this.catalogue = catalogue;
        this.runs = runs;
        this.sns = sns;
        this.topicArn = topicArn;
        this.policy = new AlertPolicy(quietPeriod);
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode detail = JSON.readTree(input).path("detail");
        String status = detail.path("status").asText();
        String executionArn = detail.path("executionArn").asText();
        JobDefinition job = jobOf(detail.path("stateMachineArn").asText());
        if (!ENDINGS.contains(status) || job == null) {
            LOG.info("ignoring {} of {} (not a job run ending the workflow cannot catch)", status, executionArn);
            JSON.writeValue(output, Map.of("changed", false));
            return;
        }
        Map<String, Object> failed = failedRecord(detail, job.name(), status);
        boolean changed = runs.failUnlessFinal(failed);
        runs.releaseLease(job.name(), executionArn);
        if (changed) {
            alert(failed);
        }
        LOG.info("run {} ended {}: record {}", executionArn, status, changed ? "marked FAILED" : "was already final");
        JSON.writeValue(output, Map.of("changed", changed));
    }

    private Map<String, Object> failedRecord(JsonNode detail, String jobName, String status) {
        Map<String, Object> existing = runs.record(detail.path("executionArn").asText());
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String startTime = existing != null && existing.get("startTime") != null ? (String) existing.get("startTime")
                : Instant.ofEpochMilli(detail.path("startDate").asLong(now.toEpochMilli())).toString();
        Instant stop = detail.hasNonNull("stopDate") ? Instant.ofEpochMilli(detail.get("stopDate").asLong()) : now;
        Map<String, Object> record = ExecutionRecord.started(detail.path("executionArn").asText(), jobName,
                existing == null ? "console" : (String) existing.get("trigger"),
                existing == null ? null : (String) existing.get("requestedBy"),
                existing == null ? "auto" : (String) existing.get("mode"), startTime);
        if (existing != null && existing.get("sources") instanceof List<?> sources) {
            record.put("sources", sources);
        }
        String error = detail.path("error").asText("");
        String cause = RunSummary.causeMessage(detail.path("cause").asText(""));
        record.put("status", ExecutionRecord.FAILED);
        record.put("endTime", stop.toString());
        record.put("durationMs", Math.max(0, Duration.between(Instant.parse(startTime), stop).toMillis()));
        record.put("result", ExecutionRecord.emptyResult());
        record.put("errorMessage", "the workflow ended " + status + (error.isBlank() ? "" : " with " + error)
                + (cause.isBlank() ? "" : ": " + cause));
        return record;
    }

    private void alert(Map<String, Object> record) {
        AlertPolicy.Decision decision = runs.decideAlert(policy, record, clock.instant());
        if (decision.publish() && topicArn != null && !topicArn.isBlank()) {
            AlertMessage.Alert alert = AlertMessage.of(decision.kind(), record);
            sns.publish(b -> b.topicArn(topicArn).subject(alert.subject()).message(alert.message()));
        }
    }

    /** The job whose workflow this is: state machines are named after their job (optionally with a prefix). */
    private JobDefinition jobOf(String stateMachineArn) {
        String name = stateMachineArn.substring(stateMachineArn.lastIndexOf(':') + 1);
        return catalogue.jobs().stream().filter(j -> name.equals(j.name()) || name.endsWith("-" + j.name()))
                .findFirst().orElse(null);
    }
}
