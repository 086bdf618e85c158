package kr.publicdata.scheduler.fetch;

import java.util.function.LongSupplier;

/**
 * How much work one invocation may still start: it stops before the Lambda's remaining time runs short
 * (keeping a reserve plus twice the slowest unit seen so far) or after a configured number of units.
 */
final class InvocationBudget {

    private final LongSupplier remainingMillis;
    private final long reserveMillis;
    private final int maxUnits;
    private int units;
    private long slowestUnitMillis;
    private long unitStarted;

    InvocationBudget(LongSupplier remainingMillis, long reserveMillis, int maxUnits) {
        this.remainingMillis = remainingMillis;
        this.reserveMillis = reserveMillis;
        this.maxUnits = maxUnits;
    }

    boolean allowsAnother() {
        return units < maxUnits && remainingMillis.getAsLong() - reserveMillis > 2 * slowestUnitMillis;
    }

    void startUnit() {
        unitStarted = System.nanoTime();
    }

    void endUnit() {
        units++;
        slowestUnitMillis = Math.max(slowestUnitMillis, (System.nanoTime() - unitStarted) / 1_000_000);
    }
}
