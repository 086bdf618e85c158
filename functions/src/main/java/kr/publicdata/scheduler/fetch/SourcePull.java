package kr.publicdata.scheduler.fetch;

import kr.publicdata.scheduler.catalogue.SourceDefinition;
import kr.publicdata.scheduler.normalise.KstDates;
import kr.publicdata.scheduler.normalise.LocationStatus;
import kr.publicdata.scheduler.normalise.NormalisedRecord;
import kr.publicdata.scheduler.normalise.Normaliser;
import kr.publicdata.scheduler.portal.PortalPage;
import kr.publicdata.scheduler.portal.SourceReader;
import kr.publicdata.scheduler.store.PageCounts;
import kr.publicdata.scheduler.store.RecordStore;
import kr.publicdata.scheduler.store.RunBookkeeping;
import kr.publicdata.scheduler.store.SeenKeys;
import kr.publicdata.scheduler.store.SourceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One invocation's share of one source's pull: fetch pages from the cursor on, normalise, store, and once
 * every page is in, remove what disappeared (only after a complete, plausible full pull), then remember
 * the source's state. Stops early, returning a cursor, when the invocation budget runs short.
 */
final class SourcePull {

    private static final Logger LOG = LoggerFactory.getLogger(SourcePull.class);

    private final SourceDefinition source;
    private final String runId;
    private final SourceReader reader;
    private final RecordStore records;
    private final RunBookkeeping bookkeeping;
    private final InvocationBudget budget;
    private final int maxDropPercent;
    private final Normaliser normaliser;
    private final Progress progress;
    private final SourceState state;
    private final SeenKeys seen;
    private Map<String, Map<String, String>> joinTable;

    SourcePull(SourceDefinition source, String runId, Cursor cursor, SourceState state, SourceReader reader,
               RecordStore records, RunBookkeeping bookkeeping, InvocationBudget budget, int maxDropPercent) {
        this.source = source;
        this.runId = runId;
        this.reader = reader;
        this.records = records;
        this.bookkeeping = bookkeeping;
        this.budget = budget;
        this.maxDropPercent = maxDropPercent;
        this.normaliser = new Normaliser(source);
        this.progress = new Progress(cursor);
        this.state = state;
        int seenBefore = Cursor.FETCH.equals(cursor.phase()) ? cursor.page() : cursor.lastPage() + 1;
        this.seen = cursor.step() == 0 && cursor.page() == 1 ? new SeenKeys()
                : bookkeeping.loadSeenBefore(runId, source.id(), seenBefore);
    }

    /** Runs until the pull is done or the budget says stop; returns where it stands. */
    Cursor run() {
        while (Cursor.FETCH.equals(progress.phase)) {
            if (!budget.allowsAnotherPage()) {
                return progress.toCursor();
            }
            budget.startUnit();
            fetchPage();
            budget.endUnit();
            budget.pageDone();
        }
        while (Cursor.SWEEP.equals(progress.phase)) {
            if (progress.shard >= source.shards()) {
                progress.phase = "DONE";
                break;
            }
            if (!budget.allowsAnotherUnit()) {
                return progress.toCursor();
            }
            budget.startUnit();
            progress.removed += records.sweepShard(source.id(), progress.shard, runId, seen);
            progress.shard++;
            budget.endUnit();
        }
        finish();
        return progress.toCursor();
    }

    private void fetchPage() {
        int pageNo = progress.page;
        MDC.put("page", Integer.toString(pageNo));
        if (joinTable == null) {
            joinTable = reader.joinTable();
        }
        PortalPage page = reader.page(pageNo, filters());
        if (progress.totalCount == null && page.totalCount() != null) {
            progress.totalCount = page.totalCount();
        }
        progress.rowsReceived += page.rows().size();

        Map<String, NormalisedRecord> distinct = new LinkedHashMap<>();
        for (Map<String, String> raw : page.rows()) {
            Normaliser.Outcome outcome = normaliser.normalise(join(raw));
            if (outcome.record() == null) {
                progress.rowsDropped++;
                continue;
            }
            NormalisedRecord record = outcome.record();
            NormalisedRecord earlier = distinct.get(record.key());
            if (earlier != null) {
                progress.duplicates++;
                if (record.newerThan(earlier.updatedAt())) {
                    distinct.put(record.key(), record);
                }
                continue;
            }
            distinct.put(record.key(), record);
        }
        List<NormalisedRecord> pageRecords = new ArrayList<>(distinct.values());
        int before = seen.size();
        List<NormalisedRecord> firstSeen = pageRecords.stream().filter(r -> !seen.contains(r.keyHash())).toList();
        PageCounts counts = records.upsertPage(source.id(), source.shards(), runId, pageRecords, seen);
        firstSeen.forEach(this::countQuality);
        for (NormalisedRecord record : pageRecords) {
            if (record.updatedAt() != null && (progress.maxUpdatedAt == null
                    || record.updatedAt().compareTo(progress.maxUpdatedAt) > 0)) {
                progress.maxUpdatedAt = record.updatedAt();
            }
        }
        progress.created += counts.created();
        progress.updated += counts.updated();
        progress.unchanged += counts.unchanged();
        progress.duplicates += counts.duplicatesCollapsed();
        long[] keyHashes = pageRecords.stream().mapToLong(NormalisedRecord::keyHash).toArray();
        bookkeeping.writeManifest(runId, source.id(), pageNo, keyHashes);
        LOG.info("page {} of {}: {} rows, {} created, {} updated, {} unchanged, {} writes", pageNo, source.id(),
                page.rows().size(), counts.created(), counts.updated(), counts.unchanged(), counts.writes());

        boolean repeated = pageNo > 1 && !pageRecords.isEmpty() && seen.size() == before;
        if (repeated) {
            progress.warnings.add("the portal repeated page " + pageNo + " (every row already seen): paging stopped"
                    + " early, so this pull is incomplete and nothing is removed");
            progress.stoppedEarly = true;
        }
        boolean lastPage = page.rows().size() < source.pageSize()
                || (progress.totalCount != null && (long) pageNo * source.pageSize() >= progress.totalCount);
        if (repeated || lastPage) {
            endFetching(pageNo);
        } else {
            progress.page = pageNo + 1;
        }
    }

    /** Quality counts once per distinct row: a duplicate of a row already counted adds nothing. */
    private void countQuality(NormalisedRecord record) {
        if (record.location() == LocationStatus.SWAPPED) {
            progress.swapped++;
        } else if (record.location() == LocationStatus.MISSING) {
            progress.missing++;
        } else if (record.location() == LocationStatus.INVALID) {
            progress.invalid++;
        }
    }

    private void endFetching(int lastPage) {
        progress.lastPage = lastPage;
        long total = progress.totalCount == null ? -1 : progress.totalCount;
        progress.complete = !progress.stoppedEarly && (total < 0 || progress.rowsReceived >= total);
        if (!progress.complete && !progress.stoppedEarly) {
            progress.warnings.add(String.format(Locale.ROOT, "incomplete pull: received %d of the %d rows the portal"
                    + " reported; nothing removed", progress.rowsReceived, total));
        }
        // An incremental pull's total counts only the changed rows: only full pulls compare totals.
        if (PullMode.FULL.equals(progress.pull) && total >= 0 && state.lastTotalCount() > 0) {
            double swing = (double) (total - state.lastTotalCount()) / state.lastTotalCount() * 100;
            if (Math.abs(swing) > maxDropPercent) {
                progress.warnings.add(String.format(Locale.ROOT, "totalCount changed from %d to %d (%+.0f%%) since"
                        + " the last run", state.lastTotalCount(), total, swing));
            }
        }
        progress.phase = removalAllowed() ? Cursor.SWEEP : "DONE";
        progress.shard = 0;
    }

    private boolean removalAllowed() {
        if (!PullMode.FULL.equals(progress.pull) || !progress.complete) {
            return false;
        }
        long distinct = seen.size();
        long baseline = state.lastFullDistinct();
        if (baseline > 0 && distinct < baseline * (100 - maxDropPercent) / 100.0) {
            progress.implausible = true;
            progress.warnings.add(String.format(Locale.ROOT, "implausible full pull: %d distinct rows against %d in the"
                    + " last complete pull (%.0f%% fewer, more than the allowed %d%%); nothing removed", distinct,
                    baseline, (baseline - distinct) * 100.0 / baseline, maxDropPercent));
            return false;
        }
        return true;
    }

    private void finish() {
        String now = Instant.now().toString();
        boolean full = PullMode.FULL.equals(progress.pull);
        boolean baselineCounts = full && progress.complete && !progress.implausible;
        String watermark = state.watermark();
        if (progress.complete && progress.maxUpdatedAt != null
                && (watermark == null || progress.maxUpdatedAt.compareTo(watermark) > 0)) {
            watermark = progress.maxUpdatedAt;
        }
        bookkeeping.saveState(source.id(), new SourceState(watermark,
                baselineCounts ? now : state.lastFullPullAt(),
                baselineCounts ? seen.size() : state.lastFullDistinct(),
                full && progress.totalCount != null ? progress.totalCount : state.lastTotalCount(),
                now));
    }

    /** The update-time filter of an incremental pull: the watermark less the source's safety margin. */
    private Map<String, String> filters() {
        if (!PullMode.INCREMENTAL.equals(progress.pull)) {
            return Map.of();
        }
        SourceDefinition.Incremental incremental = source.incremental();
        LocalDateTime from = KstDates.localDateTime(state.watermark()).minusHours(incremental.marginHours());
        return Map.of(incremental.param(), KstDates.format(from, incremental.format()));
    }

    /** KoTSA realtime rows carry only counts: the lot's name, address and location come from the join table. */
    private Map<String, String> join(Map<String, String> raw) {
        if (joinTable.isEmpty()) {
            return raw;
        }
        String id = raw.get(source.joinOn());
        Map<String, String> details = id == null ? null : joinTable.get(id.strip());
        if (details == null) {
            return raw;
        }
        Map<String, String> joined = new LinkedHashMap<>(details);
        joined.putAll(raw);
        return joined;
    }

    /** The mutable twin of {@link Cursor}. */
    private static final class Progress {
        int step;
        String pull;
        String phase;
        int page;
        Integer lastPage;
        int shard;
        Long totalCount;
        long rowsReceived;
        boolean complete;
        boolean stoppedEarly;
        boolean implausible;
        String maxUpdatedAt;
        int created;
        int updated;
        int unchanged;
        int removed;
        int invalid;
        int swapped;
        int missing;
        int duplicates;
        int rowsDropped;
        final List<String> warnings;

        Progress(Cursor c) {
            step = c.step();
            pull = c.pull();
            phase = c.phase();
            page = c.page();
            lastPage = c.lastPage();
            shard = c.shard();
            totalCount = c.totalCount();
            rowsReceived = c.rowsReceived();
            complete = c.complete();
            stoppedEarly = c.stoppedEarly();
            implausible = c.implausible();
            maxUpdatedAt = c.maxUpdatedAt();
            created = c.created();
            updated = c.updated();
            unchanged = c.unchanged();
            removed = c.removed();
            invalid = c.invalid();
            swapped = c.quality().coordinatesSwapped();
            missing = c.quality().locationMissing();
            duplicates = c.quality().duplicatesCollapsed();
            rowsDropped = c.quality().rowsDropped();
            warnings = new ArrayList<>(c.warnings());
        }

        Cursor toCursor() {
            return new Cursor(step + 1, pull, phase, page, lastPage, shard, totalCount, rowsReceived, complete,
                    stoppedEarly, implausible, maxUpdatedAt, created, updated, unchanged, removed, invalid,
                    new Quality(swapped, missing, duplicates, rowsDropped), warnings);
        }
    }
}
