package kr.publicdata.scheduler.run;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.JobDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The missed-run watchdog, invoked every 15 minutes by a schedule (its input is ignored): for each job of the
 * catalogue it reads the newest runs from the executions table's {@code byJob} index, decides with
 * {@link MissedRunCheck} whether the job missed its window, and publishes {@code RunOverdue} (1 or 0) and
 * {@code HoursSinceLastSuccess} as EMF metrics with the job as the only dimension. One alarm per job watches
 * {@code RunOverdue}; this replaces "no success in the window" alarms, which cannot look back past seven days.
 *
 * <p>A job whose check fails publishes nothing (its alarm treats the silence as overdue) and the invocation
 * fails after the other jobs were checked, so one bad job never hides the others.
 */
public final class WatchMissedRunsHandler implements RequestStreamHandler {

    /** The metrics' namespace and names, which the CDK app's alarms and dashboard read from here. */
    public static final String METRICS_NAMESPACE = "PublicDataScheduler";
    public static final String RUN_OVERDUE = "RunOverdue";
    public static final String HOURS_SINCE_LAST_SUCCESS = "HoursSinceLastSuccess";
    /** The metrics' one dimension, whose value is the job name. */
    public static final String JOB_DIMENSION = "job";

    /**
     * How far back the check reads a job's history: two monthly periods, so the latest due time is always inside
     * it. A job with no success in that time is overdue and has no HoursSinceLastSuccess.
     */
    static final Duration LOOKBACK = Duration.ofDays(62);

    private static final Logger LOG = LoggerFactory.getLogger(WatchMissedRunsHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Catalogue catalogue;
    private final RunStore runs;
    private final Metrics metrics;
    private final Clock clock;

    /** Builds the real collaborators once per container (SnapStart snapshots them); EXECUTIONS_TABLE names the table. */
    public WatchMissedRunsHandler() {
        this(Catalogue.load(), new RunStore(LambdaClients.dynamo(), System.getenv("EXECUTIONS_TABLE")),
                MetricsFactory.getMetricsInstance(), Clock.systemUTC());
    }

    WatchMissedRunsHandler(Catalogue catalogue, RunStore runs, Metrics metrics, Clock clock) {
        this.catalogue = catalogue;
        this.runs = runs;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Instant now = clock.instant();
        List<Map<String, Object>> checked = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (JobDefinition job : catalogue.jobs()) {
            MDC.put("jobName", job.name());
            try {
                List<MissedRunCheck.Run> newestFirst = runs.runsNewestFirst(job.name(), now.minus(LOOKBACK),
                                run -> MissedRunCheck.Run.of(run).ran())
                        .stream().map(MissedRunCheck.Run::of).toList();
                MissedRunCheck.Verdict verdict = MissedRunCheck.check(job, catalogue.zone(), now, newestFirst);
                publish(verdict);
                log(job, verdict);
                checked.add(summary(verdict));
            } catch (RuntimeException e) {
                LOG.error("{}: cannot check for a missed run; no metric published, so its alarm counts it as overdue",
                        job.name(), e);
                failed.add(job.name());
            } finally {
                MDC.remove("jobName");
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("missed-run check failed for " + String.join(", ", failed));
        }
        JSON.writeValue(output, Map.of("checkedAt", now.toString(), "jobs", checked));
    }

    /** One EMF document per job, so each carries only the job dimension (one series per job). */
    private void publish(MissedRunCheck.Verdict verdict) {
        metrics.flushMetrics(m -> {
            m.setNamespace(METRICS_NAMESPACE);
            m.setDefaultDimensions(DimensionSet.of(JOB_DIMENSION, verdict.job()));
            m.addMetric(RUN_OVERDUE, verdict.overdue() ? 1 : 0, MetricUnit.COUNT);
            // CloudWatch has no hours unit; the metric's name carries it.
            verdict.hoursSinceLastSuccess().ifPresent(h -> m.addMetric(HOURS_SINCE_LAST_SUCCESS, h, MetricUnit.NONE));
        });
    }

    private void log(JobDefinition job, MissedRunCheck.Verdict verdict) {
        String last = verdict.lastSuccess().map(t -> "its last successful run finished " + t.atZone(catalogue.zone())
                + String.format(" (%.1f h ago)", verdict.hoursSinceLastSuccess().orElseThrow()))
                .orElse("it has no successful run in the last " + LOOKBACK.toDays() + " days");
        if (verdict.overdue()) {
            LOG.warn("{} is OVERDUE: the run due {} ({}) has not succeeded by its deadline {} ({} min grace); {}. "
                            + "Check the schedule, the schedule dead-letter queue and the job's runs.",
                    job.name(), verdict.dueAt().orElseThrow(), job.schedule(),
                    verdict.deadline().orElseThrow().atZone(catalogue.zone()), job.graceMinutes(), last);
        } else {
            LOG.info("{} is on time{}; {}", job.name(), verdict.running() ? " (a run is going)" : "", last);
        }
    }

    private Map<String, Object> summary(MissedRunCheck.Verdict verdict) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job", verdict.job());
        out.put("overdue", verdict.overdue());
        out.put("running", verdict.running());
        out.put("dueAt", verdict.dueAt().map(t -> t.toOffsetDateTime().toString()).orElse(null));
        out.put("deadline", verdict.deadline().map(Instant::toString).orElse(null));
        out.put("lastSuccessAt", verdict.lastSuccess().map(Instant::toString).orElse(null));
        out.put("hoursSinceLastSuccess", verdict.hoursSinceLastSuccess().orElse(null));
        return out;
    }
}
