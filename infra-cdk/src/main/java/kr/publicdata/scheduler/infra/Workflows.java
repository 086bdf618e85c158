package kr.publicdata.scheduler.infra;

import kr.publicdata.scheduler.catalogue.JobDefinition;
import kr.publicdata.scheduler.workflow.WorkflowDefinition;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One STANDARD state machine per job, all from the one definition in {@code statemachine/} with the job's
 * substitutions; the PrepareRun and FinishRun steps they call; and the run finaliser, which an EventBridge rule
 * calls when a run FAILED, TIMED_OUT or was ABORTED (the record would otherwise stay RUNNING). Each state
 * machine's role is written out: invoke exactly the aliases it calls, put and delete executions items, publish
 * alerts.
 */
public final class Workflows extends Construct {

    /**
     * @param definition     the ASL text, read once from {@code statemachine/}
     * @param enabledSources each job's sources this deployment runs
     */
    public record Props(String prefix, List<JobDefinition> jobs, Map<String, List<String>> enabledSources,
                        String definition, Fetchers fetchers, Alerts alerts, ITableV2 executions, ITableV2 records,
                        Code code, int alertQuietHours, RetentionDays logRetention, RemovalPolicy removalPolicy) {
    }

    private final JavaFunction prepareRun;
    private final JavaFunction finishRun;
    private final JavaFunction finaliser;
    private final Queue finaliserDeadLetters;
    private final Map<String, StateMachine> stateMachines = new LinkedHashMap<>();
    private final Map<String, LogGroup> logGroups = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> substitutions = new LinkedHashMap<>();

    public Workflows(Construct scope, String id, Props props) {
        super(scope, id);
        String quietHours = Integer.toString(props.alertQuietHours());
        prepareRun = new JavaFunction(this, "PrepareRun", new JavaFunction.Props(
                props.prefix() + "prepare-run", "kr.publicdata.scheduler.run.PrepareRunHandler::handleRequest",
                "Plans a job run from any input form", props.code(), 512, Duration.seconds(30), Map.of(),
                "prepare-run", props.logRetention(), props.removalPolicy()));
        finishRun = new JavaFunction(this, "FinishRun", new JavaFunction.Props(
                props.prefix() + "finish-run", "kr.publicdata.scheduler.run.FinishRunHandler::handleRequest",
                "Summarises a run and decides its alert", props.code(), 1024, Duration.seconds(90),
                Map.of("RECORDS_TABLE", props.records().getTableName(),
                        "EXECUTIONS_TABLE", props.executions().getTableName(),
                        "ALERT_QUIET_HOURS", quietHours),
                "finish-run", props.logRetention(), props.removalPolicy()));
        // FinishRun reads only the run's bookkeeping partition (_run#<executionId>) of the records table.
        finishRun.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:Query"))
                .resources(List.of(props.records().getTableArn()))
                .conditions(Map.of("ForAllValues:StringLike", Map.of("dynamodb:LeadingKeys", List.of("_run#*"))))
                .build());
        Storage.grantItemActions(props.executions(), finishRun.role(), "dynamodb:GetItem", "dynamodb:PutItem");

        finaliser = new JavaFunction(this, "RunFinaliser", new JavaFunction.Props(
                props.prefix() + "run-finaliser", "kr.publicdata.scheduler.run.RunFinaliserHandler::handleRequest",
                "Marks runs that failed, timed out or were aborted, releases their lease and alerts", props.code(),
                512, Duration.seconds(60),
                Map.of("EXECUTIONS_TABLE", props.executions().getTableName(),
                        "ALERT_TOPIC_ARN", props.alerts().topic().getTopicArn(),
                        "ALERT_QUIET_HOURS", quietHours),
                "run-finaliser", props.logRetention(), props.removalPolicy()));
        Storage.grantItemActions(props.executions(), finaliser.role(), "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem");
        props.alerts().grantPublish(finaliser.role());

        String fetcherPrefix = "arn:" + Aws.PARTITION + ":lambda:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":function:"
                + Fetchers.functionNamePrefix(props.prefix());
        for (JobDefinition job : props.jobs()) {
            List<String> sources = props.enabledSources().get(job.name());
            Map<String, String> values = WorkflowDefinition.substitutions(job, sources, new WorkflowDefinition.Resources(
                    prepareRun.alias().getFunctionArn(), finishRun.alias().getFunctionArn(), fetcherPrefix,
                    ":" + JavaFunction.ALIAS, props.executions().getTableName(), props.alerts().topic().getTopicArn()));
            substitutions.put(job.name(), values);

            Role role = Role.Builder.create(this, job.name() + "Role")
                    .assumedBy(new ServicePrincipal("states.amazonaws.com"))
                    .description("Runs the " + job.name() + " workflow")
                    .build();
            List<String> invoked = new ArrayList<>(List.of(prepareRun.alias().getFunctionArn(),
                    finishRun.alias().getFunctionArn()));
            sources.forEach(source -> invoked.add(props.fetchers().function(source).alias().getFunctionArn()));
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("lambda:InvokeFunction"))
                    .resources(invoked)
                    .build());
            // AcquireLease, RecordSkipped, RecordRunning and RecordResult put items; ReleaseLease deletes the lease.
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("dynamodb:PutItem", "dynamodb:DeleteItem"))
                    .resources(List.of(props.executions().getTableArn()))
                    .build());
            props.alerts().grantPublish(role);

            LogGroup logGroup = LogGroup.Builder.create(this, job.name() + "Logs")
                    .logGroupName("/aws/vendedlogs/states/" + props.prefix() + job.name())
                    .retention(props.logRetention())
                    .removalPolicy(props.removalPolicy())
                    .build();
            StateMachine stateMachine = StateMachine.Builder.create(this, job.name())
                    .stateMachineName(props.prefix() + job.name())
                    .stateMachineType(StateMachineType.STANDARD)
                    .definitionBody(DefinitionBody.fromString(props.definition()))
                    .definitionSubstitutions(values)
                    .role(role)
                    .logs(LogOptions.builder().destination(logGroup).level(LogLevel.ALL).includeExecutionData(true)
                            .build())
                    .tracingEnabled(true)
                    .build();
            Nag.suppress(role, "AwsSolutions-IAM5", List.of("Resource::*"), "Only the actions CDK adds for "
                    + "logging and tracing use Resource '*': Step Functions log delivery (logs:CreateLogDelivery, "
                    + "logs:GetLogDelivery, logs:UpdateLogDelivery, logs:DeleteLogDelivery, logs:ListLogDeliveries, "
                    + "logs:PutResourcePolicy, logs:DescribeResourcePolicies, logs:DescribeLogGroups) and X-Ray "
                    + "(xray:PutTraceSegments, xray:PutTelemetryRecords, xray:GetSamplingRules, "
                    + "xray:GetSamplingTargets) do not support resource-level permissions. Every data action "
                    + "(lambda, dynamodb, sns, kms) names its resources; a test checks this.");
            stateMachines.put(job.name(), stateMachine);
            logGroups.put(job.name(), logGroup);
        }

        // An event the finaliser could not take after every retry would leave a run RUNNING: keep it, and alarm.
        finaliserDeadLetters = Queue.Builder.create(this, "FinaliserDeadLetters")
                .queueName(props.prefix() + "run-finaliser-dlq")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Nag.suppress(finaliserDeadLetters, "AwsSolutions-SQS3", Nag.QUEUE_IS_A_DLQ);
        // A run that breaks outside the workflow's Catch (timeout, abort, a failed state) never reaches FinishRun.
        Rule.Builder.create(this, "RunEnded")
                .ruleName(props.prefix() + "run-ended")
                .description("Runs that failed, timed out or were aborted go to the run finaliser")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.states"))
                        .detailType(List.of("Step Functions Execution Status Change"))
                        .detail(Map.of("status", List.of("FAILED", "TIMED_OUT", "ABORTED"),
                                "stateMachineArn", stateMachines.values().stream()
                                        .map(StateMachine::getStateMachineArn).toList()))
                        .build())
                .targets(List.of(LambdaFunction.Builder.create(finaliser.alias())
                        .retryAttempts(8)
                        .maxEventAge(Duration.hours(6))
                        .deadLetterQueue(finaliserDeadLetters)
                        .build()))
                .build();
    }

    /** Status-change events the run finaliser never took (each a run that may still show RUNNING). */
    public Queue finaliserDeadLetters() {
        return finaliserDeadLetters;
    }

    /** The state machines by job name. */
    public Map<String, StateMachine> stateMachines() {
        return Collections.unmodifiableMap(stateMachines);
    }

    public Map<String, LogGroup> logGroups() {
        return Collections.unmodifiableMap(logGroups);
    }

    /** The definition substitutions given to each job's state machine (tests compare them with the file). */
    public Map<String, Map<String, String>> substitutions() {
        return Collections.unmodifiableMap(substitutions);
    }

    public JavaFunction prepareRun() {
        return prepareRun;
    }

    public JavaFunction finishRun() {
        return finishRun;
    }

    public JavaFunction finaliser() {
        return finaliser;
    }

    /** All functions of this construct, for the dashboard. */
    public List<JavaFunction> functions() {
        return List.of(prepareRun, finishRun, finaliser);
    }
}
