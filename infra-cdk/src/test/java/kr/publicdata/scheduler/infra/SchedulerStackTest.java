package kr.publicdata.scheduler.infra;

import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.JobDefinition;
import kr.publicdata.scheduler.catalogue.SourceDefinition;
import kr.publicdata.scheduler.run.ExecutionsTable;
import kr.publicdata.scheduler.store.RecordsTableSchema;
import kr.publicdata.scheduler.workflow.WorkflowDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static kr.publicdata.scheduler.infra.Synth.actions;
import static kr.publicdata.scheduler.infra.Synth.at;
import static kr.publicdata.scheduler.infra.Synth.val;
import static kr.publicdata.scheduler.infra.Synth.props;
import static kr.publicdata.scheduler.infra.Synth.resourcesOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The default deployment (cdk.json's context), synthesized once for the whole class. */
class SchedulerStackTest {

    private static Synth synth;
    private static Catalogue catalogue;

    @BeforeAll
    static void synthesize() {
        synth = new Synth(Map.of());
        catalogue = Catalogue.load();
    }

    @Test
    void schedules_areTheCatalogueExpressionsInSeoulTimeWithRetriesAndTheDeadLetterQueue() {
        Map<String, Map<String, Object>> schedules = synth.resources("AWS::Scheduler::Schedule");
        // The job schedules are the ones in the jobs group; the watchdog's has its own test.
        schedules.values().removeIf(s -> !"pdus-dev-jobs".equals(props(s).get("GroupName")));
        assertThat(schedules.values().stream().collect(Collectors.toMap(s -> (String) props(s).get("Name"),
                s -> (String) props(s).get("ScheduleExpression")))).isEqualTo(Map.of(
                "pdus-dev-dailyDataUpdate", "cron(0 3 * * ? *)",
                "pdus-dev-parkingAvailabilityUpdate", "cron(5 * * * ? *)",
                "pdus-dev-weeklyDataUpdate", "cron(0 4 ? * SUN *)",
                "pdus-dev-monthlyDataUpdate", "cron(0 5 1 * ? *)"));
        String dlq = synth.idOf("AWS::SQS::Queue", "QueueName", "pdus-dev-schedule-dlq");
        String group = synth.idOf("AWS::Scheduler::ScheduleGroup", "Name", "pdus-dev-jobs");
        assertThat(group).isNotBlank();
        for (Map<String, Object> schedule : schedules.values()) {
            Map<String, Object> p = props(schedule);
            assertThat(p.get("ScheduleExpressionTimezone")).isEqualTo("Asia/Seoul");
            assertThat(p.get("FlexibleTimeWindow")).isEqualTo(Map.of("Mode", "OFF"));
            assertThat(p.get("GroupName")).isEqualTo("pdus-dev-jobs");
            assertThat(val(p, "Target", "Input").toString()).isEqualTo("{\"trigger\":\"schedule\"}");
            assertThat(val(p, "Target", "DeadLetterConfig", "Arn")).isEqualTo(Map.of("Fn::GetAtt", List.of(dlq, "Arn")));
            assertThat(((Number) at(p, "Target", "RetryPolicy", "MaximumRetryAttempts")).intValue()).isPositive();
            String job = ((String) p.get("Name")).substring("pdus-dev-".length());
            assertThat(val(p, "Target", "Arn")).isEqualTo(Map.of("Ref", stateMachineId(job)));
        }
        synth.template.hasResourceProperties("AWS::SQS::Queue", Match.objectLike(Map.of(
                "QueueName", "pdus-dev-schedule-dlq", "SqsManagedSseEnabled", true)));
    }

    @Test
    void everyFunction_isJava25OnArm64WithSnapStartAndALiveAliasOnAPublishedVersion() {
        Map<String, Map<String, Object>> functions = synth.resources("AWS::Lambda::Function");
        // Twelve fetchers, PrepareRun, FinishRun, the run finaliser, the admin API, the Slack notifier, the watchdog.
        assertThat(functions).hasSize(catalogue.sources().size() + 6);
        Map<String, Map<String, Object>> versions = synth.resources("AWS::Lambda::Version");
        Map<String, Map<String, Object>> aliases = synth.resources("AWS::Lambda::Alias");
        for (Map.Entry<String, Map<String, Object>> f : functions.entrySet()) {
            Map<String, Object> p = props(f.getValue());
            assertThat(p.get("Runtime")).as("%s runtime", p.get("FunctionName")).isEqualTo("java25");
            assertThat(p.get("Architectures")).isEqualTo(List.of("arm64"));
            assertThat(p.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
            assertThat(val(p, "LoggingConfig", "LogGroup")).as("own log group").isNotNull();
            assertThat(((Number) p.get("Timeout")).intValue()).isLessThanOrEqualTo(900);
            String version = versions.entrySet().stream()
                    .filter(v -> props(v.getValue()).get("FunctionName").equals(Map.of("Ref", f.getKey())))
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            assertThat(aliases.values()).as("alias of %s", p.get("FunctionName")).anySatisfy(a -> {
                assertThat(props(a).get("Name")).isEqualTo("live");
                assertThat(props(a).get("FunctionName")).isEqualTo(Map.of("Ref", f.getKey()));
                assertThat(props(a).get("FunctionVersion")).isEqualTo(Map.of("Fn::GetAtt", List.of(version, "Version")));
            });
        }
        synth.template.allResourcesProperties("AWS::Logs::LogGroup",
                Match.objectLike(Map.of("RetentionInDays", 90)));
    }

    @Test
    void fetchers_oneForEachSourceWithNamesTheWorkflowBuildsAndOnlyNonSecretConfiguration() {
        for (SourceDefinition source : catalogue.sources()) {
            Map<String, Object> p = props(synth.resources("AWS::Lambda::Function").get(
                    synth.idOf("AWS::Lambda::Function", "FunctionName", "pdus-dev-fetch-" + source.id())));
            assertThat(p.get("Handler")).isEqualTo("kr.publicdata.scheduler.fetch.FetchSourceHandler::handleRequest");
            Map<String, Object> env = at(p, "Environment", "Variables");
            assertThat(env).containsOnlyKeys("RECORDS_TABLE", "EXECUTIONS_TABLE", "SERVICE_KEYS_SECRET_ID",
                    "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE", "LOG_LEVEL");
            assertThat(env.get("SERVICE_KEYS_SECRET_ID")).as("the secret's id, never its value")
                    .isEqualTo(Map.of("Ref", synth.idOf("AWS::SecretsManager::Secret", "Name", "pdus-dev-service-keys")));
            assertThat(env.get("POWERTOOLS_METRICS_NAMESPACE")).isEqualTo("PublicDataScheduler");
            boolean big = Set.of("street-lights", "cctv", "ev-chargers").contains(source.id());
            assertThat(((Number) p.get("Timeout")).intValue()).isEqualTo(big ? 900 : 300);
            assertThat(((Number) p.get("MemorySize")).intValue()).isEqualTo(big ? 2048 : 1024);
        }
    }

    @Test
    void secrets_areCreatedWithoutAValue() {
        assertThat(synth.resources("AWS::SecretsManager::Secret").values()).hasSize(2).allSatisfy(s ->
                assertThat(props(s)).doesNotContainKeys("SecretString", "GenerateSecretString"));
    }

    @Test
    void tables_haveTheKeysTheHandlersUseWithPitrTtlAndOnDemand() {
        synth.template.hasResourceProperties("AWS::DynamoDB::GlobalTable", Match.objectLike(Map.of(
                "TableName", "pdus-dev-executions",
                "BillingMode", "PAY_PER_REQUEST",
                "KeySchema", List.of(Map.of("AttributeName", ExecutionsTable.KEY, "KeyType", "HASH")),
                "GlobalSecondaryIndexes", List.of(Map.of("IndexName", ExecutionsTable.BY_JOB,
                        "KeySchema", List.of(Map.of("AttributeName", "jobName", "KeyType", "HASH"),
                                Map.of("AttributeName", "startTime", "KeyType", "RANGE")),
                        "Projection", Map.of("ProjectionType", "ALL"))),
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true))));
        List<Map<String, Object>> recordsKeys = RecordsTableSchema.createTable("x").keySchema().stream()
                .map(k -> Map.<String, Object>of("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
                .toList();
        synth.template.hasResourceProperties("AWS::DynamoDB::GlobalTable", Match.objectLike(Map.of(
                "TableName", "pdus-dev-records",
                "KeySchema", recordsKeys,
                "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true))));
        assertThat(synth.resources("AWS::DynamoDB::GlobalTable").values()).allSatisfy(t -> {
            assertThat(t.get("DeletionPolicy")).as("dev is cleaned up").isEqualTo("Delete");
            assertThat(val(props(t), "Replicas", "0", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"))
                    .isEqualTo(true);
        });
        assertThat(ExecutionsTable.createTable("x").keySchema()).extracting(KeySchemaElement::attributeName)
                .containsExactly(ExecutionsTable.KEY);
    }

    @Test
    void stateMachines_areStandardWithFullLoggingTracingAndTheFileAsDefinition() {
        String file = WorkflowDefinition.read(synth.root);
        Set<String> placeholders = WorkflowDefinition.placeholders(file);
        Map<String, Map<String, Object>> machines = synth.resources("AWS::StepFunctions::StateMachine");
        assertThat(machines).hasSize(4);
        for (JobDefinition job : catalogue.jobs()) {
            Map<String, Object> p = props(machines.get(stateMachineId(job.name())));
            assertThat(p.get("StateMachineType")).isEqualTo("STANDARD");
            assertThat(p.get("TracingConfiguration")).isEqualTo(Map.of("Enabled", true));
            assertThat(val(p, "LoggingConfiguration", "Level")).isEqualTo("ALL");
            assertThat(val(p, "LoggingConfiguration", "IncludeExecutionData")).isEqualTo(true);
            assertThat(p.get("DefinitionString")).as("the file verbatim, inline").isEqualTo(file);
            Map<String, Object> substitutions = at(p, "DefinitionSubstitutions");
            assertThat(new TreeSet<>(substitutions.keySet())).isEqualTo(placeholders);
            assertThat(substitutions.get("JobName")).isEqualTo(job.name());
            assertThat(substitutions.get("JobSources")).isEqualTo(String.join(",", job.sources()));
            assertThat(substitutions.get("FetcherFunctionSuffix")).isEqualTo(":live");
            assertThat(substitutions.get("PrepareRunFunctionArn")).isEqualTo(Map.of("Ref", aliasOf("pdus-dev-prepare-run")));
            assertThat(substitutions.get("FinishRunFunctionArn")).isEqualTo(Map.of("Ref", aliasOf("pdus-dev-finish-run")));
            assertThat(substitutions.get("AlertTopicArn")).isEqualTo(Map.of("Ref", synth.idOf("AWS::SNS::Topic",
                    "TopicName", "pdus-dev-alerts")));
            assertThat(substitutions.get("FetcherFunctionPrefix").toString()).endsWith(":function:pdus-dev-fetch-]]}");
        }
        assertThat(synth.stack.workflows().substitutions().values())
                .allSatisfy(values -> assertThat(values.keySet()).isEqualTo(placeholders));
    }

    @Test
    void stateMachineRoles_invokeOnlyTheirAliasesAndWriteOnlyWhatTheWorkflowWrites() {
        for (JobDefinition job : catalogue.jobs()) {
            String role = at(props(synth.resources("AWS::StepFunctions::StateMachine").get(stateMachineId(job.name()))),
                    "RoleArn", "Fn::GetAtt", "0");
            List<Map<String, Object>> statements = synth.statementsOf(role);
            List<String> allActions = statements.stream().flatMap(s -> actions(s).stream()).toList();
            assertThat(allActions).doesNotContain("dynamodb:Scan", "dynamodb:Query", "dynamodb:GetItem",
                    "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "lambda:*", "sns:*", "dynamodb:*", "*");
            assertThat(allActions).contains("lambda:InvokeFunction", "dynamodb:PutItem", "dynamodb:DeleteItem",
                    "sns:Publish");
            for (Map<String, Object> s : statements) {
                if (resourcesOf(s).contains("*")) {
                    assertThat(actions(s)).as("only log delivery and X-Ray take Resource *")
                            .allMatch(a -> a.startsWith("logs:") || a.startsWith("xray:"));
                }
                if (actions(s).contains("lambda:InvokeFunction")) {
                    Set<Object> expected = new java.util.HashSet<>();
                    expected.add(Map.of("Ref", aliasOf("pdus-dev-prepare-run")));
                    expected.add(Map.of("Ref", aliasOf("pdus-dev-finish-run")));
                    job.sources().forEach(src -> expected.add(Map.of("Ref", aliasOf("pdus-dev-fetch-" + src))));
                    assertThat(Set.copyOf(resourcesOf(s))).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void fetcherRole_writesRecordsButCannotPublishAlertsOrTouchOtherRuns() {
        List<Map<String, Object>> statements = synth.statementsOf(synth.roleOfFunction("pdus-dev-fetch-cctv"));
        List<String> allActions = statements.stream().flatMap(s -> actions(s).stream()).toList();
        assertThat(allActions).contains("dynamodb:PutItem", "dynamodb:BatchWriteItem", "dynamodb:Query",
                "secretsmanager:GetSecretValue");
        assertThat(allActions).noneMatch(a -> a.startsWith("sns:") || a.startsWith("states:") || a.startsWith("kms:"));
        String executions = synth.idOf("AWS::DynamoDB::GlobalTable", "TableName", "pdus-dev-executions");
        List<Map<String, Object>> onExecutions = statements.stream()
                .filter(s -> resourcesOf(s).contains(Map.of("Fn::GetAtt", List.of(executions, "Arn")))).toList();
        assertThat(onExecutions).singleElement().satisfies(s ->
                assertThat(actions(s)).containsExactly("dynamodb:UpdateItem"));
    }

    @Test
    void runFinaliser_followsTheFourStateMachinesFailuresMayPublishAndKeepsWhatItCouldNotTake() {
        String finaliserAlias = aliasOf("pdus-dev-run-finaliser");
        Map<String, Object> rule = props(synth.resources("AWS::Events::Rule").values().iterator().next());
        assertThat(val(rule, "EventPattern", "detail-type")).isEqualTo(List.of("Step Functions Execution Status Change"));
        assertThat(val(rule, "EventPattern", "detail", "status")).isEqualTo(List.of("FAILED", "TIMED_OUT", "ABORTED"));
        assertThat((List<Object>) at(rule, "EventPattern", "detail", "stateMachineArn")).containsExactlyInAnyOrderElementsOf(
                catalogue.jobs().stream().map(j -> (Object) Map.of("Ref", stateMachineId(j.name()))).toList());
        assertThat(val(rule, "Targets", "0", "Arn")).isEqualTo(Map.of("Ref", finaliserAlias));
        assertThat(val(rule, "Targets", "0", "DeadLetterConfig", "Arn")).isEqualTo(Map.of("Fn::GetAtt",
                List.of(synth.idOf("AWS::SQS::Queue", "QueueName", "pdus-dev-run-finaliser-dlq"), "Arn")));
        List<String> allActions = synth.statementsOf(synth.roleOfFunction("pdus-dev-run-finaliser")).stream()
                .flatMap(s -> actions(s).stream()).toList();
        assertThat(allActions).contains("sns:Publish", "dynamodb:UpdateItem").doesNotContain("dynamodb:Scan");
    }

    @Test
    void adminApi_everyRouteHasTheJwtAuthorizerAndTheStageLogsAndThrottles() {
        String authorizer = synth.resources("AWS::ApiGatewayV2::Authorizer").keySet().iterator().next();
        Map<String, Map<String, Object>> routes = synth.resources("AWS::ApiGatewayV2::Route");
        assertThat(routes.values().stream().map(r -> (String) props(r).get("RouteKey")).toList())
                .containsExactlyInAnyOrder("POST /admin/jobs/{jobName}/trigger", "GET /admin/jobs",
                        "GET /admin/jobs/{jobName}/executions");
        assertThat(routes.values()).allSatisfy(r -> {
            assertThat(props(r).get("AuthorizationType")).isEqualTo("JWT");
            assertThat(props(r).get("AuthorizerId")).isEqualTo(Map.of("Ref", authorizer));
        });
        Map<String, Object> stage = props(synth.resources("AWS::ApiGatewayV2::Stage").values().iterator().next());
        assertThat(val(stage, "AccessLogSettings", "DestinationArn")).isNotNull();
        assertThat(val(stage, "DefaultRouteSettings", "ThrottlingRateLimit")).isNotNull();
        synth.template.hasResourceProperties("AWS::Cognito::UserPoolGroup", Map.of("GroupName", "SUPER_ADMIN",
                "UserPoolId", Match.anyValue()));
        synth.template.hasResourceProperties("AWS::Cognito::UserPool", Match.objectLike(Map.of(
                "MfaConfiguration", "ON", "AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", true))));
        Map<String, Object> env = at(props(synth.resources("AWS::Lambda::Function").get(synth.idOf(
                "AWS::Lambda::Function", "FunctionName", "pdus-dev-admin-api"))), "Environment", "Variables");
        assertThat(env).containsKeys("EXECUTIONS_TABLE", "RECORDS_TABLE", "STATE_MACHINE_ARN_PREFIX",
                "ADMIN_GROUP_CLAIM", "ADMIN_GROUP", "JOB_SOURCES");
        assertThat(env.get("JOB_SOURCES")).isEqualTo("{\"dailyDataUpdate\":[\"cctv\",\"public-wifi\",\"public-toilets\","
                + "\"ev-chargers\"],\"parkingAvailabilityUpdate\":[\"parking-availability\"],\"weeklyDataUpdate\":"
                + "[\"street-lights\",\"emergency-bells\",\"traffic-cameras\"],\"monthlyDataUpdate\":[\"flood-traces\","
                + "\"snow-boxes\",\"steep-slopes\",\"earthquake-shelters\"]}");
        List<String> allActions = synth.statementsOf(synth.roleOfFunction("pdus-dev-admin-api")).stream()
                .flatMap(s -> actions(s).stream()).toList();
        assertThat(allActions).contains("states:StartExecution", "states:ListExecutions", "dynamodb:Query")
                .doesNotContain("dynamodb:PutItem", "dynamodb:Scan", "sns:Publish");
    }

    @Test
    void slackNotifier_isSubscribedWithDeliberateRetriesAndAWatchedFailureQueue() {
        String alias = aliasOf("pdus-dev-slack-notifier");
        synth.template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "lambda",
                "Endpoint", Map.of("Ref", alias), "TopicArn", Match.anyValue()));
        String failures = synth.idOf("AWS::SQS::Queue", "QueueName", "pdus-dev-slack-notifier-failures");
        synth.template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Match.objectLike(Map.of(
                "MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 3600,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Map.of("Fn::GetAtt",
                        List.of(failures, "Arn")))))));
        synth.template.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of(
                "TopicName", "pdus-dev-alerts", "KmsMasterKeyId", Match.anyValue())));
    }

    @Test
    void alarms_allNotifyTheTopic_andCoverFailedRunsMissedWindowsQueuesAndTheNotifier() {
        Object topic = Map.of("Ref", synth.idOf("AWS::SNS::Topic", "TopicName", "pdus-dev-alerts"));
        Map<String, Map<String, Object>> alarms = synth.resources("AWS::CloudWatch::Alarm");
        assertThat(alarms.values()).allSatisfy(a -> assertThat(props(a).get("AlarmActions")).isEqualTo(List.of(topic)));
        assertThat(alarms.values().stream().map(a -> (String) props(a).get("AlarmName")).toList())
                .containsExactlyInAnyOrder(
                        "pdus-dev-dailyDataUpdate-run-failed", "pdus-dev-parkingAvailabilityUpdate-run-failed",
                        "pdus-dev-weeklyDataUpdate-run-failed", "pdus-dev-monthlyDataUpdate-run-failed",
                        "pdus-dev-dailyDataUpdate-missed-window", "pdus-dev-parkingAvailabilityUpdate-missed-window",
                        "pdus-dev-weeklyDataUpdate-missed-window", "pdus-dev-monthlyDataUpdate-missed-window",
                        "pdus-dev-schedule-dlq-not-empty", "pdus-dev-run-finaliser-dlq-not-empty",
                        "pdus-dev-slack-notifier-failures-not-empty",
                        "pdus-dev-slack-notifier-errors");
    }

    @Test
    void missedWindowAlarms_oneMechanismForAllFourJobs_onTheWatchdogsRunOverdue() {
        Object topic = Map.of("Ref", synth.idOf("AWS::SNS::Topic", "TopicName", "pdus-dev-alerts"));
        for (JobDefinition job : catalogue.jobs()) {
            Map<String, Object> alarm = props(synth.resources("AWS::CloudWatch::Alarm").get(synth.idOf(
                    "AWS::CloudWatch::Alarm", "AlarmName", "pdus-dev-" + job.name() + "-missed-window")));
            assertThat(alarm).containsEntry("Namespace", "PublicDataScheduler")
                    .containsEntry("MetricName", "RunOverdue")
                    .containsEntry("Dimensions", List.of(Map.of("Name", "job", "Value", job.name())))
                    .containsEntry("Statistic", "Maximum")
                    .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                    .containsEntry("TreatMissingData", "breaching")
                    .containsEntry("AlarmActions", List.of(topic));
            assertThat(((Number) alarm.get("Threshold")).intValue()).isEqualTo(1);
            assertThat(((Number) alarm.get("Period")).intValue()).isEqualTo(3600);
            assertThat(((Number) alarm.get("EvaluationPeriods")).intValue()).isEqualTo(1);
            assertThat((String) alarm.get("AlarmDescription")).contains(job.schedule(), "pdus-dev-missed-run-watchdog");
        }
        assertThat(synth.stack.monitoring().missedWindowAlarms()).containsOnlyKeys(
                catalogue.jobs().stream().map(JobDefinition::name).toList());
        assertThat(synth.resources("AWS::CloudWatch::Alarm").values()).as("no alarm on the state machines' own "
                        + "success count any more (it cannot look back past seven days)")
                .noneSatisfy(a -> assertThat(props(a).get("MetricName")).isEqualTo("ExecutionsSucceeded"));
    }

    @Test
    void watchdog_runsEvery15MinutesAndMayOnlyQueryTheByJobIndex() {
        Map<String, Object> fn = props(synth.resources("AWS::Lambda::Function").get(
                synth.idOf("AWS::Lambda::Function", "FunctionName", "pdus-dev-missed-run-watchdog")));
        assertThat(fn.get("Handler")).isEqualTo("kr.publicdata.scheduler.run.WatchMissedRunsHandler::handleRequest");
        String executions = synth.idOf("AWS::DynamoDB::GlobalTable", "TableName", "pdus-dev-executions");
        assertThat(val(fn, "Environment", "Variables", "EXECUTIONS_TABLE")).isEqualTo(Map.of("Ref", executions));

        Map<String, Object> schedule = props(synth.resources("AWS::Scheduler::Schedule").get(
                synth.idOf("AWS::Scheduler::Schedule", "Name", "pdus-dev-missed-run-watchdog")));
        assertThat(schedule.get("ScheduleExpression")).isEqualTo("rate(15 minutes)");
        assertThat(schedule.get("FlexibleTimeWindow")).isEqualTo(Map.of("Mode", "OFF"));
        assertThat(val(schedule, "Target", "Arn")).isEqualTo(Map.of("Ref", aliasOf("pdus-dev-missed-run-watchdog")));

        List<Map<String, Object>> statements = synth.statementsOf(synth.roleOfFunction("pdus-dev-missed-run-watchdog"));
        List<Map<String, Object>> dynamo = statements.stream()
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("dynamodb:"))).toList();
        assertThat(dynamo).singleElement().satisfies(s -> {
            assertThat(actions(s)).containsExactly("dynamodb:Query");
            assertThat(resourcesOf(s)).singleElement().isEqualTo(Map.of("Fn::Join", List.of("", List.of(
                    Map.of("Fn::GetAtt", List.of(executions, "Arn")), "/index/byJob"))));
        });
        assertThat(statements.stream().flatMap(s -> actions(s).stream()))
                .allMatch(a -> a.equals("dynamodb:Query") || a.startsWith("logs:"));

        String scheduleRole = at(schedule, "Target", "RoleArn", "Fn::GetAtt", "0");
        assertThat(synth.statementsOf(scheduleRole)).singleElement().satisfies(s -> {
            assertThat(actions(s)).containsExactly("lambda:InvokeFunction");
            assertThat(resourcesOf(s)).contains(Map.of("Ref", aliasOf("pdus-dev-missed-run-watchdog")));
        });
    }

    @Test
    void dashboard_isJobStatusMonitoringWithLogsInsightsTables() {
        Map<String, Object> dashboard = props(synth.resources("AWS::CloudWatch::Dashboard").values().iterator().next());
        assertThat(dashboard.get("DashboardName")).isEqualTo("pdus-dev-job-status-monitoring");
        String body = dashboard.get("DashboardBody").toString();
        assertThat(body).contains("# Job status monitoring", "HoursSinceLastSuccess", "RunOverdue",
                "ExecutionsSucceeded", "ExecutionsFailed",
                "ExecutionTime", "runStatus", "Throttles", "ApproximateNumberOfMessagesVisible", "log");
        assertThat(synth.json.get("Outputs")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKeys("AdminApiUrl", "AlertTopicArn", "DashboardUrl", "UserPoolId");
    }

    @Test
    void cdkNag_awsSolutions_findsNoErrorsAndNoWarnings() {
        Annotations annotations = Annotations.fromStack(synth.stack);
        assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(annotations.findError("*", Match.anyValue())).isEmpty();
    }

    private static String stateMachineId(String job) {
        return synth.idOf("AWS::StepFunctions::StateMachine", "StateMachineName", "pdus-dev-" + job);
    }

    private static String aliasOf(String functionName) {
        String fn = synth.idOf("AWS::Lambda::Function", "FunctionName", functionName);
        return synth.resources("AWS::Lambda::Alias").entrySet().stream()
                .filter(a -> props(a.getValue()).get("FunctionName").equals(Map.of("Ref", fn)))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }
}
