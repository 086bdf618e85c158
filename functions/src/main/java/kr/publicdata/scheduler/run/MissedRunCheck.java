package kr.publicdata.scheduler.run;

import kr.publicdata.scheduler.catalogue.JobDefinition;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a job missed its window, decided from its newest runs alone (no clock, no I/O).
 *
 * <p>The rule: take the job's latest scheduled time {@code S} whose deadline {@code S + graceMinutes} has
 * passed. The job is <b>overdue</b> when its newest successful run finished before {@code S} minus
 * {@link #EARLY_TOLERANCE}, and no run is going right now within its allowed time ({@code timeoutMinutes}).
 * <ul>
 *   <li>SUCCESS and PARTIAL both count as having run: a PARTIAL run did fetch and store data, and it has
 *       already alerted for its failed sources. FAILED, SKIPPED and stuck runs do not count.</li>
 *   <li>The end time, not the start, is compared, so a run that started before {@code S} and was still going
 *       at {@code S} (the scheduled start was then SKIPPED because it held the lease) counts for {@code S}.</li>
 *   <li>A job with no successful run at all is overdue: after a first deployment every job reports overdue
 *       until it has succeeded once (start each by hand, or wait for its schedule).</li>
 * </ul>
 */
public final class MissedRunCheck {

    /** How long before a scheduled time a success may have finished and still count for it (a manual run just before). */
    public static final Duration EARLY_TOLERANCE = Duration.ofMinutes(15);

    private static final List<String> RAN = List.of(ExecutionRecord.SUCCESS, ExecutionRecord.PARTIAL);
    private static final List<String> GOING = List.of(ExecutionRecord.RUNNING, ExecutionRecord.RETRYING);

    private MissedRunCheck() {
    }

    /** The parts of a run record the check reads; {@code endTime} is null while the run is going. */
    public record Run(String status, Instant startTime, Instant endTime) {

        /** From an executions-table record (plain values, ISO-8601 times). */
        public static Run of(Map<String, Object> record) {
            Object end = record.get("endTime");
            return new Run((String) record.get("status"), Instant.parse((String) record.get("startTime")),
                    end instanceof String s && !s.isBlank() ? Instant.parse(s) : null);
        }

        /** Whether this run counts as the job having run (SUCCESS or PARTIAL). */
        public boolean ran() {
            return RAN.contains(status);
        }

        Instant finished() {
            return endTime != null ? endTime : startTime;
        }
    }

    /**
     * @param dueAt       the latest scheduled time whose deadline has passed (empty when the schedule has none)
     * @param deadline    {@code dueAt} plus the job's grace
     * @param running     a run is going within its allowed time, so the check waits for it
     * @param lastSuccess when the newest successful run finished, if there is one
     */
    public record Verdict(String job, Optional<ZonedDateTime> dueAt, Optional<Instant> deadline, boolean overdue,
                          boolean running, Optional<Instant> lastSuccess, Optional<Double> hoursSinceLastSuccess) {
    }

    /**
     * @param newestFirst the job's runs, newest start first, at least down to its newest successful run
     */
    public static Verdict check(JobDefinition job, ZoneId zone, Instant now, List<Run> newestFirst) {
        Duration grace = Duration.ofMinutes(job.graceMinutes());
        Optional<ZonedDateTime> dueAt = job.previousRun(now.minus(grace), zone);
        Optional<Instant> lastSuccess = newestFirst.stream().filter(Run::ran).findFirst().map(Run::finished);
        Duration allowed = Duration.ofMinutes(job.timeoutMinutes());
        boolean running = newestFirst.stream().anyMatch(r -> GOING.contains(r.status())
                && r.startTime().plus(allowed).isAfter(now));
        boolean covered = dueAt.isEmpty() || lastSuccess.isPresent()
                && !lastSuccess.get().isBefore(dueAt.get().toInstant().minus(EARLY_TOLERANCE));
        Optional<Double> hours = lastSuccess.map(t -> Math.max(0, Duration.between(t, now).toSeconds()) / 3600.0);
        return new Verdict(job.name(), dueAt, dueAt.map(s -> s.toInstant().plus(grace)), !covered && !running,
                running, lastSuccess, hours);
    }
}
