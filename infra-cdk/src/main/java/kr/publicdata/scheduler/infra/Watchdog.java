package kr.publicdata.scheduler.infra;

import kr.publicdata.scheduler.run.ExecutionsTable;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.TimeWindow;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The missed-run watchdog: a function that checks every job against its schedule and publishes
 * {@code RunOverdue} and {@code HoursSinceLastSuccess} per job, and the schedule that runs it every
 * {@link #EVERY}. It only reads the executions table's {@code byJob} index; the alarms on its metrics are in
 * {@link Monitoring}.
 */
public final class Watchdog extends Construct {

    /** How often the watchdog checks: well inside the shortest grace (the hourly job's 50 minutes). */
    static final Duration EVERY = Duration.minutes(15);

    public record Props(String prefix, ITableV2 executions, Code code, RetentionDays logRetention,
                        RemovalPolicy removalPolicy) {
    }

    private final JavaFunction function;
    private final Schedule schedule;

    public Watchdog(Construct scope, String id, Props props) {
        super(scope, id);
        function = new JavaFunction(this, "Function", new JavaFunction.Props(
                props.prefix() + "missed-run-watchdog",
                "kr.publicdata.scheduler.run.WatchMissedRunsHandler::handleRequest",
                "Checks every job for a missed run and publishes RunOverdue and HoursSinceLastSuccess",
                props.code(), 512, Duration.seconds(60),
                Map.of("EXECUTIONS_TABLE", props.executions().getTableName()),
                "missed-run-watchdog", props.logRetention(), props.removalPolicy()));
        // Reads a job's runs newest first through the index; never the table itself, never a write.
        function.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:Query"))
                .resources(List.of(props.executions().getTableArn() + "/index/" + ExecutionsTable.BY_JOB))
                .build());

        schedule = Schedule.Builder.create(this, "Schedule")
                .scheduleName(props.prefix() + "missed-run-watchdog")
                .description("Checks every job for a missed run")
                .schedule(ScheduleExpression.rate(EVERY))
                .timeWindow(TimeWindow.off())
                .target(new LambdaInvoke(function.alias(), ScheduleTargetBaseProps.builder()
                        .retryAttempts(2)
                        // A check older than the next one is worthless; no dead-letter queue for the same reason.
                        // A watchdog that stays silent is caught by the alarms, which count missing data as overdue.
                        .maxEventAge(Duration.minutes(10))
                        .build()))
                .build();
    }

    public JavaFunction function() {
        return function;
    }

    public Schedule schedule() {
        return schedule;
    }
}
