package kr.publicdata.scheduler.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.JobDefinition;
import kr.publicdata.scheduler.run.DynamoJson;
import kr.publicdata.scheduler.run.ExecutionsTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/jobs/{jobName}/executions?limit=N&cursor=...}: a job's runs newest first from the
 * executions table's byJob index, one page at a time. The cursor is the last run's index key, opaque
 * to the caller (base64url JSON).
 */
final class ListExecutions {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamo;
    private final String table;

    ListExecutions(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    ApiResponse handle(JobDefinition job, Map<String, String> query) {
        String limitText = query.get("limit");
        int limit = DEFAULT_LIMIT;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText.strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                return ApiResponse.error(400, "limit must be a whole number from 1 to " + MAX_LIMIT + ", not \"" + limitText + "\"");
            }
        }
        Map<String, AttributeValue> start = null;
        if (query.get("cursor") != null) {
            start = cursorKey(query.get("cursor"), job.name());
            if (start == null) {
                return ApiResponse.error(400, "cursor is not one this API gave out for " + job.name()
                        + "; start again without it");
            }
        }
        // One extra item tells whether another page exists, so the last page carries no cursor.
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        do {
            Map<String, AttributeValue> from = start;
            int want = limit + 1 - items.size();
            QueryResponse page = dynamo.query(b -> b.tableName(table).indexName(ExecutionsTable.BY_JOB)
                    .keyConditionExpression("jobName = :job")
                    .expressionAttributeValues(Map.of(":job", AttributeValue.fromS(job.name())))
                    .scanIndexForward(false).limit(want).exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && items.size() <= limit);
        boolean more = items.size() > limit;
        List<Map<String, Object>> runs = items.stream().limit(limit).map(DynamoJson::plain).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobName", job.name());
        body.put("executions", runs);
        body.put("nextCursor", more ? cursor(runs.getLast()) : null);
        return new ApiResponse(200, body);
    }

    private static String cursor(Map<String, Object> last) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put(ExecutionsTable.KEY, last.get(ExecutionsTable.KEY));
        key.put("jobName", last.get("jobName"));
        key.put("startTime", last.get("startTime"));
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(key));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a cursor", e);
        }
    }

    /** The index key a cursor stands for, or null when it is not a cursor of this job. */
    private static Map<String, AttributeValue> cursorKey(String cursor, String jobName) {
        try {
            JsonNode key = JSON.readTree(new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8));
            if (key == null || !key.isObject() || key.size() != 3 || !jobName.equals(key.path("jobName").asText())
                    || !key.path(ExecutionsTable.KEY).isTextual() || !key.path("startTime").isTextual()) {
                return null;
            }
            Map<String, AttributeValue> start = new LinkedHashMap<>();
            key.properties().forEach(e -> start.put(e.getKey(), AttributeValue.fromS(e.getValue().asText())));
            return start;
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }
}
