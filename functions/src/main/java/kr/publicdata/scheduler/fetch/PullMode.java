package kr.publicdata.scheduler.fetch;

import kr.publicdata.scheduler.catalogue.SourceDefinition;
import kr.publicdata.scheduler.store.SourceState;

import java.time.Duration;
import java.time.Instant;

/**
 * Chooses between a full and an incremental pull. Incremental only where the API can filter by update
 * time, a watermark exists, and the last full pull is younger than the full-refresh period; a requested
 * mode overrides "auto" ("incremental" still falls back to full when it cannot be honoured).
 */
final class PullMode {

    static final String FULL = "full";
    static final String INCREMENTAL = "incremental";

    private PullMode() {
    }

    static String choose(String requested, SourceDefinition source, SourceState state, Duration fullRefresh,
                         Instant now) {
        if (FULL.equals(requested) || !source.supportsIncremental() || state.watermark() == null
                || state.lastFullPullAt() == null) {
            return FULL;
        }
        if (INCREMENTAL.equals(requested)) {
            return INCREMENTAL;
        }
        boolean fullIsDue = Instant.parse(state.lastFullPullAt()).plus(fullRefresh).isBefore(now);
        return fullIsDue ? FULL : INCREMENTAL;
    }
}
