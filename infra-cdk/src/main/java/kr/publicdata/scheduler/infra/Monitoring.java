package kr.publicdata.scheduler.infra;

import kr.publicdata.scheduler.catalogue.JobDefinition;
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

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The "Job status monitoring" dashboard and the alarms that reach people through the alert topic: a run failed,
 * a job missed its window, a dead-letter queue is not empty, the Slack notifier fails.
 */
public final class Monitoring extends Construct {

    /** A CloudWatch alarm looks back at most seven days (Period × EvaluationPeriods). */
    static final Duration MAX_ALARM_WINDOW = Duration.days(7);

    /**
     * @param stateMachines       by job name
     * @param workflowLogs        each job's state machine log group (execution data at level ALL)
     * @param fetchers            by source id
     * @param notifier            the Slack notifier and its on-failure queue, when deployed
     */
    public record Props(String prefix, List<JobDefinition> jobs, ZoneId zone, Map<String, StateMachine> stateMachines,
                        Map<String, ? extends ILogGroup> workflowLogs, Map<String, JavaFunction> fetchers,
                        List<JavaFunction> runFunctions, IQueue scheduleDeadLetterQueue,
                        Optional<JavaFunction> notifier, Optional<IQueue> notifierFailures, ITopic topic) {
    }

    private final Dashboard dashboard;
    private final Map<String, Alarm> missedWindowAlarms = new LinkedHashMap<>();
    private final List<String> unwatchedWindows = new ArrayList<>();

    public Monitoring(Construct scope, String id, Props props) {
        super(scope, id);
        SnsAction toTopic = new SnsAction(props.topic());
        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(props.prefix() + "job-status-monitoring")
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# Job status monitoring\nRuns per job (succeeded, failed, and SUCCESS / PARTIAL / FAILED / "
                        + "SKIPPED from the run results), their duration, the latest runs per source, the fetchers "
                        + "and the dead-letter queues.")
                .width(24).height(2).build());

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

            Alarm.Builder.create(this, job.name() + "Failed")
                    .alarmName(props.prefix() + job.name() + "-run-failed")
                    .alarmDescription(job.name() + ": a run failed, timed out or was aborted outside the workflow's "
                            + "own handling (the run finaliser has marked it FAILED). See the state machine's executions.")
                    .metric(MathExpression.Builder.create()
                            .expression("failed + timedOut + aborted")
                            .usingMetrics(Map.of("failed", sm.metricFailed(sum(Duration.minutes(5))),
                                    "timedOut", sm.metricTimedOut(sum(Duration.minutes(5))),
                                    "aborted", sm.metricAborted(sum(Duration.minutes(5)))))
                            .period(Duration.minutes(5))
                            .label("broken runs")
                            .build())
                    .threshold(1)
                    .evaluationPeriods(1)
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build()
                    .addAlarmAction(toTopic);

            Duration window = windowOf(job, props.zone());
            if (window.toSeconds().longValue() <= MAX_ALARM_WINDOW.toSeconds().longValue()) {
                Alarm missed = Alarm.Builder.create(this, job.name() + "MissedWindow")
                        .alarmName(props.prefix() + job.name() + "-missed-window")
                        .alarmDescription(job.name() + ": no run finished successfully in the last "
                                + window.toHumanString() + " (its schedule " + job.schedule()
                                + " plus the run's time). Check the schedule, its dead-letter queue and the runs.")
                        .metric(sm.metricSucceeded(sum(window)))
                        .threshold(1)
                        .evaluationPeriods(1)
                        .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                        // No data means no successful run: exactly what this alarm is for.
                        .treatMissingData(TreatMissingData.BREACHING)
                        .build();
                missed.addAlarmAction(toTopic);
                missedWindowAlarms.put(job.name(), missed);
            } else {
                unwatchedWindows.add(job.name());
            }
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
                .metricApproximateNumberOfMessagesVisible(labelled("schedule DLQ", "Maximum"))));
        props.notifierFailures().ifPresent(q -> queues.add(
                q.metricApproximateNumberOfMessagesVisible(labelled("Slack notifier failures", "Maximum"))));
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Dead-letter queues: messages").left(queues).width(12).build(),
                SingleValueWidget.Builder.create().title("Run steps: errors")
                        .metrics(props.runFunctions().stream().map(f -> (IMetric) f.function()
                                .metricErrors(labelled(f.name(), "Sum"))).toList())
                        .width(12).build());

        Alarm.Builder.create(this, "ScheduleDeadLetters")
                .alarmName(props.prefix() + "schedule-dlq-not-empty")
                .alarmDescription("A scheduled job start failed after every retry and is in " + props.prefix()
                        + "schedule-dlq: that run did not happen. Read the message, fix the cause, start the job by hand.")
                .metric(props.scheduleDeadLetterQueue().metricApproximateNumberOfMessagesVisible(
                        labelled("messages", "Maximum")))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()
                .addAlarmAction(toTopic);
        props.notifierFailures().ifPresent(q -> Alarm.Builder.create(this, "NotifierDeadLetters")
                .alarmName(props.prefix() + "slack-notifier-failures-not-empty")
                .alarmDescription("Alerts the Slack notifier could not post are waiting in " + props.prefix()
                        + "slack-notifier-failures (email still got them). Check the webhook secret and Slack.")
                .metric(q.metricApproximateNumberOfMessagesVisible(labelled("messages", "Maximum")))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()
                .addAlarmAction(toTopic));
        props.notifier().ifPresent(n -> Alarm.Builder.create(this, "NotifierErrors")
                .alarmName(props.prefix() + "slack-notifier-errors")
                .alarmDescription("The Slack notifier failed (it will retry; failures after retries go to the "
                        + "on-failure queue). Check its log group and the webhook secret.")
                .metric(n.function().metricErrors(labelled("errors", "Sum")))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()
                .addAlarmAction(toTopic));
    }

    /**
     * How long a job may go without a successful run before it has missed its window: the longest gap between
     * two scheduled starts (over a year, from a fixed date so the template is the same every synth) plus the
     * run's own allowed time (its lease), rounded up to whole minutes as CloudWatch periods must be.
     */
    static Duration windowOf(JobDefinition job, ZoneId zone) {
        List<ZonedDateTime> runs = job.nextRuns(Instant.parse("2025-01-01T00:00:00Z"), 400, zone);
        long longestGapSeconds = 0;
        for (int i = 1; i < runs.size(); i++) {
            longestGapSeconds = Math.max(longestGapSeconds,
                    java.time.Duration.between(runs.get(i - 1), runs.get(i)).toSeconds());
        }
        long windowMinutes = (longestGapSeconds + 59) / 60 + job.timeoutMinutes();
        return Duration.minutes(windowMinutes);
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

    /** The jobs with a missed-window alarm. */
    public Map<String, Alarm> missedWindowAlarms() {
        return missedWindowAlarms;
    }

    /** Jobs whose period plus grace exceeds what a CloudWatch alarm can look back on (see the README). */
    public List<String> unwatchedWindows() {
        return List.copyOf(unwatchedWindows);
    }
}
