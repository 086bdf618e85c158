package kr.publicdata.scheduler.store;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a pull needs to remember besides the records, kept in the records table under partition keys that
 * start with '_' (no source id does, so the platform never reads them): per-source state between runs,
 * per-run progress (attempts, retries, API calls), and per-page manifests of the keys a run has seen.
 * Every write here is per page or per invocation, never per row. Run items carry {@code expiresAt} for
 * the table's TTL.
 */
public final class RunBookkeeping {

    private static final Duration RUN_ITEMS_LIVE_FOR = Duration.ofDays(14);

    private final DynamoDbClient dynamo;
    private final String table;

    public RunBookkeeping(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Invocation attempts and retries of one source in one run, as counted so far.
     *
     * @param retry whether the invocation that returned this is itself a retry
     */
    public record Attempts(int attempts, int invocationRetries, int pageRetries, int apiCalls, boolean retry) {

        public int retries() {
            return invocationRetries + pageRetries;
        }
    }

    /** What the run's bookkeeping says about one source: its usage and, if it failed, its classified error. */
    public record SourceUsage(Attempts attempts, Map<String, Object> lastError) {
    }

    /**
     * Records that invocation {@code step} of this source started. A step started before is a retry by
     * the workflow (the engine's own retry counter is not available everywhere, so the fetcher counts).
     */
    public Attempts startInvocation(String runId, String source, int step) {
        Map<String, AttributeValue> key = runKey(runId, source);
        Map<String, AttributeValue> after = Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table).key(key)
                .updateExpression("ADD #step :one SET expiresAt = if_not_exists(expiresAt, :expires)")
                .expressionAttributeNames(Map.of("#step", "step" + step))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":expires", expiresAt()))
                .returnValues(ReturnValue.ALL_NEW))).attributes();
        boolean retry = Dynamo.number(after, "step" + step) > 1;
        if (retry) {
            after = Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("ADD invocationRetries :one")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                    .returnValues(ReturnValue.ALL_NEW))).attributes();
        }
        return attempts(after, retry);
    }

    /** Keeps the classified error of a failed invocation, for the run's summary. */
    public void recordFailure(String runId, String source, Map<String, String> error) {
        Map<String, AttributeValue> fields = new HashMap<>();
        error.forEach((k, v) -> fields.put(k, Dynamo.s(v)));
        Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table).key(runKey(runId, source))
                .updateExpression("SET lastError = :error")
                .expressionAttributeValues(Map.of(":error", AttributeValue.fromM(fields)))));
    }

    /** Usage and last error of every source this run touched, by source id. */
    public Map<String, SourceUsage> usageOf(String runId) {
        Map<String, SourceUsage> usage = new HashMap<>();
        dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("pk = :pk").consistentRead(true)
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("_run#" + runId))))
                .items().forEach(item -> {
                    Map<String, Object> error = null;
                    AttributeValue last = item.get("lastError");
                    if (last != null && last.hasM()) {
                        error = new java.util.LinkedHashMap<>();
                        for (String field : List.of("type", "code", "meaning", "remediation", "message")) {
                            error.put(field, Dynamo.string(last.m(), field));
                        }
                    }
                    usage.put(Dynamo.string(item, RecordStore.SK), new SourceUsage(attempts(item, false), error));
                });
        return usage;
    }

    /** Adds what an invocation spent (called when it ends, successfully or not). */
    public Attempts addUsage(String runId, String source, int apiCalls, int pageRetries) {
        Map<String, AttributeValue> after = Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(runKey(runId, source))
                .updateExpression("ADD apiCalls :calls, pageRetries :retries")
                .expressionAttributeValues(Map.of(":calls", AttributeValue.fromN(Integer.toString(apiCalls)),
                        ":retries", AttributeValue.fromN(Integer.toString(pageRetries))))
                .returnValues(ReturnValue.ALL_NEW))).attributes();
        return attempts(after, false);
    }

    private static Attempts attempts(Map<String, AttributeValue> item, boolean retry) {
        int invocationRetries = (int) Dynamo.number(item, "invocationRetries");
        return new Attempts(1 + invocationRetries, invocationRetries, (int) Dynamo.number(item, "pageRetries"),
                (int) Dynamo.number(item, "apiCalls"), retry);
    }

    /** Remembers the keys seen on one page of this run's pull (idempotent: a re-read page overwrites it). */
    public void writeManifest(String runId, String source, int page, long[] keyHashes) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(RecordStore.PK, AttributeValue.fromS(manifestPartition(runId, source)));
        item.put(RecordStore.SK, AttributeValue.fromS(pageKey(page)));
        item.put("keys", AttributeValue.fromB(SdkBytes.fromByteArray(SeenKeys.pack(keyHashes))));
        item.put("expiresAt", expiresAt());
        Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    /** The keys this run saw on pages before {@code page}: what a resumed invocation must not count again. */
    public SeenKeys loadSeenBefore(String runId, String source, int page) {
        SeenKeys seen = new SeenKeys();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :pk AND sk < :page")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(manifestPartition(runId, source)),
                            ":page", AttributeValue.fromS(pageKey(page))));
            if (startKey != null) {
                query.exclusiveStartKey(startKey);
            }
            QueryResponse response = Dynamo.call(() -> dynamo.query(query.build()));
            for (Map<String, AttributeValue> item : response.items()) {
                seen.addAll(item.get("keys").b().asByteBuffer());
            }
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (startKey != null);
        return seen;
    }

    public SourceState loadState(String source) {
        Map<String, AttributeValue> item = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                .key(stateKey(source)).consistentRead(true))).item();
        if (item == null || item.isEmpty()) {
            return SourceState.NONE;
        }
        return new SourceState(Dynamo.string(item, "watermark"), Dynamo.string(item, "lastFullPullAt"),
                Dynamo.number(item, "lastFullDistinct"), Dynamo.number(item, "lastTotalCount"),
                Dynamo.string(item, "lastSuccessAt"));
    }

    public void saveState(String source, SourceState state) {
        Map<String, AttributeValue> item = new HashMap<>(stateKey(source));
        item.put("watermark", Dynamo.s(state.watermark()));
        item.put("lastFullPullAt", Dynamo.s(state.lastFullPullAt()));
        item.put("lastFullDistinct", AttributeValue.fromN(Long.toString(state.lastFullDistinct())));
        item.put("lastTotalCount", AttributeValue.fromN(Long.toString(state.lastTotalCount())));
        item.put("lastSuccessAt", Dynamo.s(state.lastSuccessAt()));
        Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    private static Map<String, AttributeValue> stateKey(String source) {
        return Map.of(RecordStore.PK, AttributeValue.fromS("_state#" + source), RecordStore.SK, AttributeValue.fromS("state"));
    }

    private static Map<String, AttributeValue> runKey(String runId, String source) {
        return Map.of(RecordStore.PK, AttributeValue.fromS("_run#" + runId), RecordStore.SK, AttributeValue.fromS(source));
    }

    private static String manifestPartition(String runId, String source) {
        return "_seen#" + source + "#" + runId;
    }

    private static String pageKey(int page) {
        return String.format(Locale.ROOT, "p%07d", page);
    }

    private static AttributeValue expiresAt() {
        return AttributeValue.fromN(Long.toString(Instant.now().plus(RUN_ITEMS_LIVE_FOR).getEpochSecond()));
    }
}
