package kr.publicdata.scheduler.store;

import kr.publicdata.scheduler.normalise.NormalisedRecord;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The public data records table. Key design: partition key {@code <source>#<shard>} (the shard from the
 * natural key's hash, so even the 1.84 million street lights spread over 32 partitions and no partition
 * runs hot), sort key the natural key. The platform reads one source page by page by querying its shards
 * in turn: no scan, and one item per facility.
 *
 * <p>A record is written only when it is new, its content hash changed, or it comes back after being
 * marked removed: an unchanged pull costs reads and no writes. Each record remembers the runs that created
 * and last changed it, which keeps counts exact when a page is stored twice (a retried invocation).
 */
public final class RecordStore {

    static final String PK = "pk";
    static final String SK = "sk";
    static final String HASH = "contentHash";
    static final String REMOVED = "removed";
    static final String CREATED_RUN = "createdRun";
    static final String CHANGED_RUN = "changedRun";
    static final String UPDATED_AT = "sourceUpdatedAt";
    static final String REMOVED_RUN = "removedRun";

    private static final int BATCH_GET_LIMIT = 100;
    private static final int BATCH_WRITE_LIMIT = 25;
    private static final int MAX_UNPROCESSED_ATTEMPTS = 10;

    private final DynamoDbClient dynamo;
    private final String table;

    public RecordStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static String partitionKey(String source, int shard) {
        return source + "#" + String.format(Locale.ROOT, "%02d", shard);
    }

    public static int shardOf(long keyHash, int shards) {
        return (int) Math.floorMod(keyHash, (long) shards);
    }

    /**
     * Stores one page of distinct records and counts them. Keys already in {@code seen} were counted on an
     * earlier page of this run: they count as collapsed duplicates (the newer row still wins). New keys are
     * added to {@code seen}.
     */
    public PageCounts upsertPage(String source, int shards, String runId, List<NormalisedRecord> records,
                                 SeenKeys seen) {
        Map<String, Map<String, AttributeValue>> stored = batchGet(source, shards, records);
        String now = Instant.now().toString();
        List<Map<String, AttributeValue>> writes = new ArrayList<>();
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        int duplicates = 0;
        for (NormalisedRecord record : records) {
            Map<String, AttributeValue> existing = stored.get(record.key());
            if (seen.contains(record.keyHash())) {
                duplicates++;
                if (existing != null && !record.hash().equals(Dynamo.string(existing, HASH))
                        && record.newerThan(Dynamo.string(existing, UPDATED_AT))) {
                    writes.add(item(source, shards, record, runId, now, existing));
                }
                continue;
            }
            seen.add(record.keyHash());
            if (existing == null) {
                created++;
                writes.add(item(source, shards, record, runId, now, null));
            } else if (Dynamo.bool(existing, REMOVED) || !record.hash().equals(Dynamo.string(existing, HASH))) {
                if (runId.equals(Dynamo.string(existing, CREATED_RUN))) {
                    created++;
                } else {
                    updated++;
                }
                writes.add(item(source, shards, record, runId, now, existing));
            } else if (runId.equals(Dynamo.string(existing, CHANGED_RUN))) {
                // Written by an earlier attempt of this run whose counts were lost with it.
                if (runId.equals(Dynamo.string(existing, CREATED_RUN))) {
                    created++;
                } else {
                    updated++;
                }
            } else {
                unchanged++;
            }
        }
        batchWrite(writes);
        return new PageCounts(created, updated, unchanged, duplicates, writes.size());
    }

    /**
     * Marks the shard's stored records that this pull did not see as removed; returns how many this run
     * removed (including any an earlier attempt of the same run already marked).
     */
    public int sweepShard(String source, int shard, String runId, SeenKeys seen) {
        String now = Instant.now().toString();
        int removed = 0;
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("pk = :pk")
                    .projectionExpression("sk, #removed, removedRun")
                    .expressionAttributeNames(Map.of("#removed", REMOVED))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partitionKey(source, shard))));
            if (startKey != null) {
                query.exclusiveStartKey(startKey);
            }
            QueryResponse page = Dynamo.call(() -> dynamo.query(query.build()));
            for (Map<String, AttributeValue> item : page.items()) {
                String key = Dynamo.string(item, SK);
                if (Dynamo.bool(item, REMOVED)) {
                    if (runId.equals(Dynamo.string(item, REMOVED_RUN))) {
                        removed++;
                    }
                } else if (!seen.contains(kr.publicdata.scheduler.normalise.Hashing.keyHash(key))
                        && markRemoved(source, shard, key, runId, now)) {
                    removed++;
                }
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return removed;
    }

    private boolean markRemoved(String source, int shard, String key, String runId, String now) {
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(PK, AttributeValue.fromS(partitionKey(source, shard)), SK, AttributeValue.fromS(key)))
                    .updateExpression("SET #removed = :true, removedRun = :run, removedAt = :now")
                    .conditionExpression("attribute_exists(pk) AND #removed <> :true")
                    .expressionAttributeNames(Map.of("#removed", REMOVED))
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true),
                            ":run", AttributeValue.fromS(runId), ":now", AttributeValue.fromS(now)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private Map<String, Map<String, AttributeValue>> batchGet(String source, int shards, List<NormalisedRecord> records) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        for (int from = 0; from < records.size(); from += BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (NormalisedRecord record : records.subList(from, Math.min(records.size(), from + BATCH_GET_LIMIT))) {
                keys.add(key(source, shards, record));
            }
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .projectionExpression("sk, contentHash, #removed, createdRun, createdAt, changedRun, sourceUpdatedAt")
                    .expressionAttributeNames(Map.of("#removed", REMOVED)).build());
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                if (attempt >= MAX_UNPROCESSED_ATTEMPTS) {
                    throw new RecordStoreException("DynamoDB left keys unprocessed after " + attempt
                            + " attempts (throttled); the fetcher resumes from its cursor", null);
                }
                if (attempt > 0) {
                    Dynamo.backoff(attempt);
                }
                Map<String, KeysAndAttributes> current = request;
                BatchGetItemResponse response = Dynamo.call(() -> dynamo.batchGetItem(b -> b.requestItems(current)));
                response.responses().getOrDefault(table, List.of())
                        .forEach(item -> found.put(Dynamo.string(item, SK), item));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return found;
    }

    private void batchWrite(List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += BATCH_WRITE_LIMIT) {
            List<WriteRequest> batch = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(from, Math.min(items.size(), from + BATCH_WRITE_LIMIT))) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            Map<String, List<WriteRequest>> request = Map.of(table, batch);
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                if (attempt >= MAX_UNPROCESSED_ATTEMPTS) {
                    throw new RecordStoreException("DynamoDB left " + request.get(table).size()
                            + " writes unprocessed after " + attempt + " attempts (throttled); the fetcher"
                            + " resumes from its cursor", null);
                }
                if (attempt > 0) {
                    Dynamo.backoff(attempt);
                }
                Map<String, List<WriteRequest>> current = request;
                BatchWriteItemResponse response = Dynamo.call(() -> dynamo.batchWriteItem(b -> b.requestItems(current)));
                request = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            }
        }
    }

    private static Map<String, AttributeValue> key(String source, int shards, NormalisedRecord record) {
        return Map.of(PK, AttributeValue.fromS(partitionKey(source, shardOf(record.keyHash(), shards))),
                SK, AttributeValue.fromS(record.key()));
    }

    private static Map<String, AttributeValue> item(String source, int shards, NormalisedRecord r, String runId,
                                                    String now, Map<String, AttributeValue> existing) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(source, shards, r));
        item.put("source", AttributeValue.fromS(source));
        item.put("naturalKey", AttributeValue.fromS(r.key()));
        item.put("name", Dynamo.s(r.name()));
        item.put("roadAddress", Dynamo.s(r.roadAddress()));
        item.put("lotAddress", Dynamo.s(r.lotAddress()));
        item.put("latitude", Dynamo.n(r.latitude()));
        item.put("longitude", Dynamo.n(r.longitude()));
        if (r.endLatitude() != null || r.endLongitude() != null) {
            item.put("endLatitude", Dynamo.n(r.endLatitude()));
            item.put("endLongitude", Dynamo.n(r.endLongitude()));
        }
        item.put("locationStatus", AttributeValue.fromS(r.location().name()));
        item.put("agency", Dynamo.s(r.agency()));
        item.put("referenceDate", Dynamo.s(r.referenceDate()));
        item.put(UPDATED_AT, Dynamo.s(r.updatedAt()));
        Map<String, AttributeValue> raw = new LinkedHashMap<>(r.raw().size() * 2);
        r.raw().forEach((name, value) -> raw.put(name, Dynamo.s(value)));
        item.put("raw", AttributeValue.fromM(raw));
        item.put(HASH, AttributeValue.fromS(r.hash()));
        boolean isNew = existing == null;
        item.put(CREATED_RUN, AttributeValue.fromS(isNew ? runId : orDefault(existing, CREATED_RUN, runId)));
        item.put("createdAt", AttributeValue.fromS(isNew ? now : orDefault(existing, "createdAt", now)));
        item.put(CHANGED_RUN, AttributeValue.fromS(runId));
        item.put("changedAt", AttributeValue.fromS(now));
        item.put(REMOVED, AttributeValue.fromBool(false));
        return item;
    }

    private static String orDefault(Map<String, AttributeValue> item, String name, String fallback) {
        String value = Dynamo.string(item, name);
        return value == null ? fallback : value;
    }
}
