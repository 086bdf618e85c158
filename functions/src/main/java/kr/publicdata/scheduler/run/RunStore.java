package kr.publicdata.scheduler.run;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads and writes the executions table from Lambda code: a run's record, a job's recent runs, a job's alert
 * state, the lease, and the live RETRYING marks. (The workflow itself writes the lease and the record through
 * DynamoDB service integrations.)
 */
public final class RunStore {

    /** Runs per page when listing a job's history: the run wanted is usually among the newest few. */
    private static final int PAGE_SIZE = 20;

    private final DynamoDbClient dynamo;
    private final String table;

    public RunStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public String table() {
        return table;
    }

    /** The record of one run as plain values, or null. */
    public Map<String, Object> record(String executionId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(executionId))).item();
        return item == null || item.isEmpty() ? null : DynamoJson.plain(item);
    }

    /**
     * The job's runs that started at or after {@code since}, newest first from the {@value ExecutionsTable#BY_JOB}
     * index, up to and including the first one {@code last} accepts (or all of them when none does). Pages are
     * read only as far as needed, so a job whose newest run is the one wanted costs one small query.
     */
    public List<Map<String, Object>> runsNewestFirst(String jobName, Instant since, Predicate<Map<String, Object>> last) {
        List<Map<String, Object>> runs = new ArrayList<>();
        QueryRequest request = QueryRequest.builder()
                .tableName(table)
                .indexName(ExecutionsTable.BY_JOB)
                .keyConditionExpression("jobName = :job AND startTime >= :since")
                .expressionAttributeValues(Map.of(":job", AttributeValue.fromS(jobName),
                        ":since", AttributeValue.fromS(since.toString())))
                .scanIndexForward(false)
                .limit(PAGE_SIZE)
                .build();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(request).items()) {
            Map<String, Object> run = DynamoJson.plain(item);
            runs.add(run);
            if (last.test(run)) {
                break;
            }
        }
        return runs;
    }

    private AlertPolicy.State alertState(String jobName) {
        Map<String, Object> item = record(ExecutionsTable.alertStateKey(jobName));
        if (item == null) {
            return AlertPolicy.State.QUIET;
        }
        return new AlertPolicy.State(Boolean.TRUE.equals(item.get("failing")), (String) item.get("cause"),
                (String) item.get("lastAlertAt"));
    }

    private void saveAlertState(String jobName, AlertPolicy.State state) {
        Map<String, Object> item = new HashMap<>();
        item.put(ExecutionsTable.KEY, ExecutionsTable.alertStateKey(jobName));
        item.put("failing", state.failing());
        item.put("cause", state.cause());
        item.put("lastAlertAt", state.lastAlertAt());
        dynamo.putItem(b -> b.tableName(table).item(DynamoJson.attributes(item)));
    }

    /** Decides whether this run alerts, and remembers what the job's alert state becomes. */
    public AlertPolicy.Decision decideAlert(AlertPolicy policy, Map<String, Object> record, java.time.Instant now) {
        String job = (String) record.get("jobName");
        AlertPolicy.State state = alertState(job);
        AlertPolicy.Decision decision = policy.decide(state, record, now);
        if (!decision.next().equals(state)) {
            saveAlertState(job, decision.next());
        }
        return decision;
    }

    /**
     * Marks a run and one of its sources RETRYING while the run is still going (a final record is never
     * touched). {@code index} is the source's place in the record's sources list.
     */
    public void markRetrying(String executionId, int index) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(executionId))
                    .updateExpression("SET #status = :retrying, sources[" + index + "].#status = :retrying")
                    .conditionExpression("#status IN (:running, :retrying)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":retrying", AttributeValue.fromS(ExecutionRecord.RETRYING),
                            ":running", AttributeValue.fromS(ExecutionRecord.RUNNING))));
        } catch (ConditionalCheckFailedException e) {
            // The run already ended (or was never recorded): nothing live to mark.
        }
    }

    /**
     * Writes the record as FAILED unless it is already final; true when this call changed it.
     */
    public boolean failUnlessFinal(Map<String, Object> failedRecord) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(DynamoJson.attributes(failedRecord))
                    .conditionExpression("attribute_not_exists(executionId) OR #status IN (:running, :retrying)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":running", AttributeValue.fromS(ExecutionRecord.RUNNING),
                            ":retrying", AttributeValue.fromS(ExecutionRecord.RETRYING))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Releases the job's lease if this run holds it. */
    public void releaseLease(String jobName, String executionId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table).key(key(ExecutionsTable.leaseKey(jobName)))
                    .conditionExpression("holder = :me")
                    .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(executionId))));
        } catch (ConditionalCheckFailedException e) {
            // Another run holds it now, or it was already released.
        }
    }

    private static Map<String, AttributeValue> key(String executionId) {
        return Map.of(ExecutionsTable.KEY, AttributeValue.fromS(executionId));
    }
}
