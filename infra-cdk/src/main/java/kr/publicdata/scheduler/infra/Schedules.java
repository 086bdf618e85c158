package kr.publicdata.scheduler.infra;

import kr.publicdata.scheduler.catalogue.JobDefinition;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleGroup;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.TimeWindow;
import software.amazon.awscdk.services.scheduler.targets.StepFunctionsStartExecution;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * EventBridge Scheduler: one schedule per job in one group, with the catalogue's expression verbatim in the
 * catalogue's time zone, no flexible window, retries, and a dead-letter queue for starts that never happened.
 * The input says {@code "trigger": "schedule"} so the run record knows who started it.
 */
public final class Schedules extends Construct {

    /** @param stateMachines by job name; @param timeZone the catalogue's (Asia/Seoul) */
    public record Props(String prefix, List<JobDefinition> jobs, String timeZone,
                        Map<String, ? extends IStateMachine> stateMachines, RemovalPolicy removalPolicy) {
    }

    private final Queue deadLetterQueue;

    public Schedules(Construct scope, String id, Props props) {
        super(scope, id);
        ScheduleGroup group = ScheduleGroup.Builder.create(this, "Group")
                .scheduleGroupName(props.prefix() + "jobs")
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                .queueName(props.prefix() + "schedule-dlq")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Nag.suppress(deadLetterQueue, "AwsSolutions-SQS3", Nag.QUEUE_IS_A_DLQ);
        TimeZone zone = TimeZone.of(props.timeZone());
        for (JobDefinition job : props.jobs()) {
            Schedule.Builder.create(this, job.name())
                    .scheduleName(props.prefix() + job.name())
                    .description(job.description())
                    .scheduleGroup(group)
                    .schedule(ScheduleExpression.expression(job.schedule(), zone))
                    // A late start is still a start; spreading runs out would only make the history harder to read.
                    .timeWindow(TimeWindow.off())
                    .target(new StepFunctionsStartExecution(props.stateMachines().get(job.name()),
                            ScheduleTargetBaseProps.builder()
                                    .input(ScheduleTargetInput.fromObject(Map.of("trigger", "schedule")))
                                    .retryAttempts(5)
                                    // An hourly job started an hour late overlaps the next; drop it to the queue instead.
                                    .maxEventAge(Duration.hours(1))
                                    .deadLetterQueue(deadLetterQueue)
                                    .build()))
                    .build();
        }
    }

    public Queue deadLetterQueue() {
        return deadLetterQueue;
    }
}
