package kr.publicdata.scheduler.alerts;

import kr.publicdata.scheduler.run.ExecutionsTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Makes posting idempotent per SNS message id: an item {@code _slack#<messageId>} in the executions table,
 * claimed with a conditional put before posting, marked posted after, and removed again when posting
 * failed (so the retry may post). It carries {@code expiresAt} for the table's TTL.
 */
final class SlackDeliveries {

    /** Longer than SNS's and Lambda's asynchronous retries last (at most 6 hours of event age). */
    static final Duration KEEP = Duration.ofDays(7);

    enum Claim {
        /** This invocation may post. */
        CLAIMED,
        /** An earlier invocation posted it. */
        POSTED,
        /** An earlier invocation stopped while posting: it may or may not have reached Slack. */
        IN_DOUBT
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    SlackDeliveries(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    Claim claim(String messageId) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(Map.of(
                            ExecutionsTable.KEY, AttributeValue.fromS(key(messageId)),
                            "state", AttributeValue.fromS("posting"),
                            "claimedAt", AttributeValue.fromS(clock.instant().toString()),
                            "expiresAt", AttributeValue.fromN(Long.toString(clock.instant().plus(KEEP).getEpochSecond()))))
                    .conditionExpression("attribute_not_exists(" + ExecutionsTable.KEY + ")"));
            return Claim.CLAIMED;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(ExecutionsTable.KEY, AttributeValue.fromS(key(messageId))))).item();
            AttributeValue state = item == null ? null : item.get("state");
            return state != null && "posted".equals(state.s()) ? Claim.POSTED : Claim.IN_DOUBT;
        }
    }

    void posted(String messageId) {
        dynamo.updateItem(b -> b.tableName(table).key(Map.of(ExecutionsTable.KEY, AttributeValue.fromS(key(messageId))))
                .updateExpression("SET #state = :posted, postedAt = :now")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":posted", AttributeValue.fromS("posted"),
                        ":now", AttributeValue.fromS(clock.instant().toString()))));
    }

    void release(String messageId) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of(ExecutionsTable.KEY, AttributeValue.fromS(key(messageId))))
                .conditionExpression("#state = :posting")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":posting", AttributeValue.fromS("posting"))));
    }

    static String key(String messageId) {
        return "_slack#" + messageId;
    }
}
