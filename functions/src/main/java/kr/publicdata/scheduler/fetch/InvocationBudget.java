package kr.publicdata.scheduler.fetch;

import java.util.function.LongSupplier;

/**
 * How much work one invocation may still start: it stops before the Lambda's remaining time runs short
 * (keeping a reserve plus twice the slowest unit of work seen so far) or, for pages, after a configured
 * number of them. Units are pages while fetching and shards while removing.
 */
final class InvocationBudget {

    private final LongSupplier remainingMillis;
    private final long reserveMillis;
    private final int maxPages;
    private int pages;
    private long slowestUnitMillis;
    private long unitStarted;

    InvocationBudget(LongSupplier remainingMillis, long reserveMillis, int maxPages) {
        this.remainingMillis = remainingMillis;
        this.reserveMillis = reserveMillis;
        this.maxPages = maxPages;
    }

    boolean allowsAnotherPage() {
        return pages < maxPages && allowsAnotherUnit();
    }

    boolean allowsAnotherUnit() {
        return remainingMillis.getAsLong() - reserveMillis > 2 * slowestUnitMillis;
    }

    void pageDone() {
        pages++;
    }

    void startUnit() {
        unitStarted = System.nanoTime();
    }

    void endUnit() {
        slowestUnitMillis = Math.max(slowestUnitMillis, (System.nanoTime() - unitStarted) / 1_000_000);
    }
}
