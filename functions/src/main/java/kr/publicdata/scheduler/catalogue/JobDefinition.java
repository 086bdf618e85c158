package kr.publicdata.scheduler.catalogue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A scheduled job: its EventBridge Scheduler expression (in the catalogue's time zone), its sources, how
 * long a run may hold the job's lease before another run may start anyway, and how long after a scheduled
 * time the missed-run watchdog waits for that run's success before it reports the job overdue.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobDefinition(String name, String schedule, String description, int timeoutMinutes,
                            int graceMinutes, List<String> sources) {

    public JobDefinition {
        sources = List.copyOf(sources);
    }

    /** The parsed schedule; the catalogue checks every job's at load, so this only fails for jobs built elsewhere. */
    public ScheduleExpression scheduleExpression() {
        return ScheduleExpression.parse(schedule);
    }

    /** The next {@code n} scheduled runs strictly after {@code from}, with the schedule evaluated in {@code zone}. */
    public List<ZonedDateTime> nextRuns(Instant from, int n, ZoneId zone) {
        return scheduleExpression().nextRuns(from, n, zone);
    }

    /** The latest scheduled run strictly before {@code before}, with the schedule evaluated in {@code zone}. */
    public Optional<ZonedDateTime> previousRun(Instant before, ZoneId zone) {
        return scheduleExpression().previousRun(before, zone);
    }
}
