package kr.publicdata.scheduler.testing;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the item writes the SDK sends to the records table's record partitions (bookkeeping partitions,
 * which start with '_', are counted apart; other tables are not counted). Observes real requests; it fakes nothing.
 */
public final class WriteCounter implements ExecutionInterceptor {

    private final AtomicLong recordWrites = new AtomicLong();
    private final AtomicLong bookkeepingWrites = new AtomicLong();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        switch (context.request()) {
            case BatchWriteItemRequest batch -> batch.requestItems().values().stream().flatMap(List::stream)
                    .forEach(w -> count(key(w)));
            case PutItemRequest put -> count(put.item());
            case UpdateItemRequest update -> count(update.key());
            default -> { }
        }
    }

    private static Map<String, AttributeValue> key(WriteRequest w) {
        return w.putRequest() != null ? w.putRequest().item() : w.deleteRequest().key();
    }

    private void count(Map<String, AttributeValue> item) {
        AttributeValue pk = item.get("pk");
        if (pk != null) {
            (pk.s().startsWith("_") ? bookkeepingWrites : recordWrites).incrementAndGet();
        }
    }

    public long recordWrites() {
        return recordWrites.get();
    }

    public long bookkeepingWrites() {
        return bookkeepingWrites.get();
    }

    public void reset() {
        recordWrites.set(0);
        bookkeepingWrites.set(0);
    }
}
