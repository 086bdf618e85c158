package kr.publicdata.scheduler.infra;

import kr.publicdata.scheduler.catalogue.JobDefinition;
import kr.publicdata.scheduler.run.WatchMissedRunsHandler;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.LogQueryVisualizationType;
import software.amazon.awscdk.services.cloudwatch.LogQueryWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.SingleValueWidget;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The "Job status monitoring" dashboard and the alarms that reach people through the alert topic: a run failed,
 * a job missed its window, a dead-letter queue is not empty, the Slack notifier fails.
 *
 * <p>"Missed its window" is one mechanism for every job: the {@link Watchdog} publishes {@code RunOverdue} per job
 * every 15 minutes and one alarm per job fires on it. (A CloudWatch alarm looks back at most seven days, so an
 * alarm on the state machine's own success count could never watch the weekly and monthly jobs.)
 */
public final class Monitoring extends Construct {

    /**
     * The period of a missed-window alarm. Missing data counts as overdue, so the period must hold several of the
     * watchdog's 15-minute reports: a late or failed invocation alone does not alarm, an hour without any does.
     */
    static final Duration MISSED_WINDOW_PERIOD = Duration.hours(1);

    /**
     * @param stateMachines       by job name
     * @param workflowLogs        each job's state machine log group (execution data at level ALL)
     * @param fetchers            by source id
     * @param runFunctions        the run steps and the watchdog, whose errors the dashboard shows
     * @param watchdog            the function publishing RunOverdue, named in the missed-window alarms
     * @param notifier            the Slack notifier and its on-failure queue, when deployed
     */
    public record Props(String prefix, List<JobDefinition> jobs, Map<String, StateMachine> stateMachines,
                        Map<String, ? extends ILogGroup> workflowLogs, Map<String, JavaFunction> fetchers,
                        List<JavaFunction> runFunctions, IQueue scheduleDeadLetterQueue, IQueue finaliserDeadLetterQueue,
                        Optional<JavaFunction> notifier, Optional<IQueue> notifierFailures, ITopic topic,
                        JavaFunction watchdog) {
    }

    private final Dashboard dashboard;
    private final Map<String, Alarm> missedWindowAlarms = new LinkedHashMap<>();

    public Monitoring(Construct scope, String id, Props props) {
        super(scope, id);
        SnsAction toTopic = new SnsAction(props.topic());
        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(props.prefix() + "job-status-monitoring")
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# Job status monitoring\nRuns per job (succeeded, failed, and SUCCESS / PARTIAL / FAILED / "
                        + "SKIPPED from the run results), their duration, the latest runs per source, the fetchers "
                        + "and the dead-letter queues. Hours since each job's last successful run and whether it is "
                        + "overdue come from the missed-run watchdog (every 15 minutes).")
                .width(24).height(2).build());
        List<IMetric> hoursSince = new ArrayList<>();
        List<IMetric> overdue = new ArrayList<>();
        for (JobDefinition job : props.jobs()) {
            MetricOptions labelled = MetricOptions.builder().label(job.name()).build();
            hoursSince.add(watchdogMetric(WatchMissedRunsHandler.HOURS_SINCE_LAST_SUCCESS, job, Duration.minutes(15))
                    .with(labelled));
            overdue.add(watchdogMetric(WatchMissedRunsHandler.RUN_OVERDUE, job, Duration.minutes(15)).with(labelled));
        }
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Hours since the last successful run").left(hoursSince)
                        .width(16).build(),
                SingleValueWidget.Builder.create().title("Overdue now (1 = missed its window)").metrics(overdue)
                        .width(8).build());

        for (JobDefinition job : props.jobs()) {
            StateMachine sm = props.stateMachines().get(job.name());
            dashboard.addWidgets(
                    GraphWidget.Builder.create()
                            .title(job.name() + ": runs")
                            .left(List.of(sm.metricSucceeded(sum(Duration.hours(1))),
                                    sm.metricFailed(sum(Duration.hours(1))),
                                    sm.metricTimedOut(sum(Duration.hours(1))),
                                    sm.metricAborted(sum(Duration.hours(1)))))
                            .width(8).build(),
                    GraphWidget.Builder.create()
                            .title(job.name() + ": duration")
                            .left(List.of(sm.metricTime(MetricOptions.builder().statistic("Average")
                                            .period(Duration.hours(1)).build()),
                                    sm.metricTime(MetricOptions.builder().statistic("Maximum")
                                            .period(Duration.hours(1)).build())))
                            .width(8).build(),
                    LogQueryWidget.Builder.create()
                            .title(job.name() + ": run results (SUCCESS / PARTIAL / FAILED / SKIPPED)")
                            .logGroupNames(List.of(props.workflowLogs().get(job.name()).getLogGroupName()))
                            .queryLines(List.of(
                                    "filter type = \"ExecutionSucceeded\"",
                                    // FinishRun's answer sits at $.finish; its status is the run's (a SKIPPED run has none).
                                    "parse details.output /\"finish\":\\{\"status\":\"(?<runStatus>[A-Z]+)\"/",
                                    "fields coalesce(runStatus, \"SKIPPED\") as result",
                                    "stats count(*) as runs by result"))
                            .view(LogQueryVisualizationType.BAR)
                            .width(8).build());

            alarmOnAny(job.name() + "Failed", props.prefix() + job.name() + "-run-failed",
                    job.name() + ": a run failed, timed out or was aborted outside the workflow's "
                            + "own handling (the run finaliser has marked it FAILED). See the state machine's executions.",
                    MathExpression.Builder.create()
                            .expression("failed + timedOut + aborted")
                            .usingMetrics(Map.of("failed", sm.metricFailed(sum(Duration.minutes(5))),
                                    "timedOut", sm.metricTimedOut(sum(Duration.minutes(5))),
                                    "aborted", sm.metricAborted(sum(Duration.minutes(5)))))
                            .period(Duration.minutes(5))
                            .label("broken runs")
                            .build(),
                    toTopic);

            Alarm missed = Alarm.Builder.create(this, job.name() + "MissedWindow")
                    .alarmName(props.prefix() + job.name() + "-missed-window")
                    .alarmDescription(job.name() + ": no successful run for its latest scheduled time ("
                            + job.schedule() + ", " + job.description() + ") within its " + job.graceMinutes()
                            + " min grace, or the missed-run watchdog (" + props.watchdog().name() + ") has not "
                            + "reported for an hour. Check the schedule, the schedule dead-letter queue, the job's "
                            + "runs and the watchdog's log group.")
                    .metric(watchdogMetric(WatchMissedRunsHandler.RUN_OVERDUE, job, MISSED_WINDOW_PERIOD))
                    .threshold(1)
                    .evaluationPeriods(1)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                    // No report from the watchdog means nobody checked this job: that must not read as "on time".
                    .treatMissingData(TreatMissingData.BREACHING)
                    .build();
            missed.addAlarmAction(toTopic);
            missedWindowAlarms.put(job.name(), missed);
        }

        List<IMetric> errors = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        List<IMetric> throttles = new ArrayList<>();
        props.fetchers().forEach((source, fetcher) -> {
            errors.add(fetcher.function().metricErrors(labelled(source, "Sum")));
            durations.add(fetcher.function().metricDuration(labelled(source, "Maximum")));
            throttles.add(fetcher.function().metricThrottles(labelled(source, "Sum")));
        });
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Fetchers: errors").left(errors).width(8).build(),
                GraphWidget.Builder.create().title("Fetchers: duration (max)").left(durations).width(8).build(),
                GraphWidget.Builder.create().title("Fetchers: throttles").left(throttles).width(8).build());
        dashboard.addWidgets(LogQueryWidget.Builder.create()
                .title("Latest runs per source (from the fetchers' structured logs)")
                .logGroupNames(props.fetchers().values().stream().map(f -> f.logGroup().getLogGroupName()).toList())
                .queryLines(List.of(
                        "filter ispresent(runId) and ispresent(source)",
                        "parse message /rows, (?<created>\\d+) created, (?<updated>\\d+) updated, "
                                + "(?<unchanged>\\d+) unchanged/",
                        "stats max(@timestamp) as last, count(*) as pages, sum(created) as created, "
                                + "sum(updated) as updated, sum(unchanged) as unchanged, "
                                + "sum(level = \"ERROR\") as errors by jobName, runId, source",
                        "sort last desc",
                        "limit 50"))
                .view(LogQueryVisualizationType.TABLE)
                .width(24).height(8).build());

        List<IMetric> queues = new ArrayList<>(List.of(props.scheduleDeadLetterQueue()
                .metricApproximateNumberOfMessagesVisible(labelled("schedule DLQ", "Maximum")),
                props.finaliserDeadLetterQueue()
                        .metricApproximateNumberOfMessagesVisible(labelled("run finaliser DLQ", "Maximum"))));
        props.notifierFailures().ifPresent(q -> queues.add(
                q.metricApproximateNumberOfMessagesVisible(labelled("Slack notifier failures", "Maximum"))));
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Dead-letter queues: messages").left(queues).width(12).build(),
                SingleValueWidget.Builder.create().title("Run steps: errors")
                        .metrics(props.runFunctions().stream().map(f -> (IMetric) f.function()
                                .metricErrors(labelled(f.name(), "Sum"))).toList())
                        .width(12).build());

        alarmOnAny("ScheduleDeadLetters", props.prefix() + "schedule-dlq-not-empty",
                "A scheduled job start failed after every retry and is in " + props.prefix()
                        + "schedule-dlq: that run did not happen. Read the message, fix the cause, start the job by hand.",
                props.scheduleDeadLetterQueue().metricApproximateNumberOfMessagesVisible(labelled("messages", "Maximum")),
                toTopic);
        alarmOnAny("FinaliserDeadLetters", props.prefix() + "run-finaliser-dlq-not-empty",
                "A run that failed, timed out or was aborted could not be finalised and is in "
                        + props.prefix() + "run-finaliser-dlq: its record may still say RUNNING and its job's lease "
                        + "lasts until it expires. Check the finaliser's logs, then redrive the message.",
                props.finaliserDeadLetterQueue().metricApproximateNumberOfMessagesVisible(labelled("messages", "Maximum")),
                toTopic);
        props.notifierFailures().ifPresent(q -> alarmOnAny("NotifierDeadLetters",
                props.prefix() + "slack-notifier-failures-not-empty",
                "Alerts the Slack notifier could not post are waiting in " + props.prefix()
                        + "slack-notifier-failures (email still got them). Check the webhook secret and Slack.",
                q.metricApproximateNumberOfMessagesVisible(labelled("messages", "Maximum")), toTopic));
        props.notifier().ifPresent(n -> alarmOnAny("NotifierErrors", props.prefix() + "slack-notifier-errors",
                "The Slack notifier failed (it will retry; failures after retries go to the "
                        + "on-failure queue). Check its log group and the webhook secret.",
                n.function().metricErrors(labelled("errors", "Sum")), toTopic));
    }

    /** An alarm that fires on any occurrence in one period (no data means none) and notifies the alert topic. */
    private void alarmOnAny(String id, String name, String description, IMetric metric, SnsAction toTopic) {
        Alarm.Builder.create(this, id)
                .alarmName(name)
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()
                .addAlarmAction(toTopic);
    }

    /** One of the watchdog's per-job metrics (the job is its only dimension), at its maximum over the period. */
    private static Metric watchdogMetric(String name, JobDefinition job, Duration period) {
        return Metric.Builder.create()
                .namespace(WatchMissedRunsHandler.METRICS_NAMESPACE)
                .metricName(name)
                .dimensionsMap(Map.of(WatchMissedRunsHandler.JOB_DIMENSION, job.name()))
                .statistic("Maximum")
                .period(period)
                .build();
    }

    private static MetricOptions sum(Duration period) {
        return MetricOptions.builder().statistic("Sum").period(period).build();
    }

    private static MetricOptions labelled(String label, String statistic) {
        return MetricOptions.builder().label(label).statistic(statistic).period(Duration.minutes(5)).build();
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    /** The URL of the dashboard in the console of the deployment's region. */
    public String dashboardUrl() {
        return "https://" + Aws.REGION + ".console.aws.amazon.com/cloudwatch/home?region=" + Aws.REGION
                + "#dashboards:name=" + dashboard.getDashboardName();
    }

    /** Each job's missed-window alarm, by job name. */
    public Map<String, Alarm> missedWindowAlarms() {
        return missedWindowAlarms;
    }
}
