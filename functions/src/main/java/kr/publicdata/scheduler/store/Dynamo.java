package kr.publicdata.scheduler.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/** Small helpers for DynamoDB attribute values. */
final class Dynamo {

    static final AttributeValue NULL = AttributeValue.fromNul(true);

    private Dynamo() {
    }

    static AttributeValue s(String value) {
        return value == null ? NULL : AttributeValue.fromS(value);
    }

    static AttributeValue n(Number value) {
        return value == null ? NULL : AttributeValue.fromN(value.toString());
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item == null ? null : item.get(name);
        return v == null ? null : v.s();
    }

    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item == null ? null : item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item == null ? null : item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    /**
     * Runs a DynamoDB request, turning an SDK failure into a {@link RecordStoreException} (retryable by the
     * workflow). A failed condition stays as it is: callers decide what it means.
     */
    static <T> T call(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            throw e;
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new RecordStoreException("DynamoDB request failed: " + e.getMessage(), e);
        }
    }

    /** Backoff for DynamoDB's unprocessed items: 50 ms doubling to a 3.2 s ceiling, with full jitter. */
    static void backoff(int attempt) {
        long ceiling = 50L << Math.min(attempt, 6);
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecordStoreException("interrupted while retrying unprocessed DynamoDB items", e);
        }
    }
}
