package kr.publicdata.scheduler.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.run.ExecutionsTable;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpJwtAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpUserPoolAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IHttpRouteAuthorizer;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.StandardThreatProtectionMode;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolGroup;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The super-admin HTTP API: {@code POST /admin/jobs/{jobName}/trigger}, {@code GET /admin/jobs} and
 * {@code GET /admin/jobs/{jobName}/executions} on the admin handler, every route behind a JWT authorizer (the
 * stack's Cognito user pool with a {@code SUPER_ADMIN} group, or an existing issuer), with access logs and
 * throttling. The handler checks the group claim itself; the authorizer only admits valid tokens.
 */
public final class AdminApi extends Construct {

    public static final String ADMIN_GROUP = "SUPER_ADMIN";
    public static final String GROUP_CLAIM = "cognito:groups";

    /**
     * @param jwt           an existing issuer, or empty to create the user pool
     * @param jobSources    each job's enabled sources (the handler validates subset requests against them)
     */
    public record Props(String prefix, Optional<DeploymentConfig.Jwt> jwt, Map<String, StateMachine> stateMachines,
                        Map<String, List<String>> jobSources, ITableV2 executions, ITableV2 records, Code code,
                        RetentionDays logRetention, RemovalPolicy removalPolicy) {
    }

    private final JavaFunction handler;
    private final HttpApi api;
    private final HttpStage stage;
    private final UserPool userPool;

    public AdminApi(Construct scope, String id, Props props) {
        super(scope, id);
        handler = new JavaFunction(this, "Handler", new JavaFunction.Props(
                props.prefix() + "admin-api", "kr.publicdata.scheduler.admin.AdminApiHandler::handleRequest",
                "Super-admin API: list jobs and runs, trigger a job", props.code(), 1024, Duration.seconds(29),
                Map.of("EXECUTIONS_TABLE", props.executions().getTableName(),
                        "RECORDS_TABLE", props.records().getTableName(),
                        "STATE_MACHINE_ARN_PREFIX", "arn:" + Aws.PARTITION + ":states:" + Aws.REGION + ":"
                                + Aws.ACCOUNT_ID + ":stateMachine:" + props.prefix(),
                        "ADMIN_GROUP_CLAIM", GROUP_CLAIM,
                        "ADMIN_GROUP", ADMIN_GROUP,
                        "JOB_SOURCES", json(props.jobSources())),
                "admin-api", props.logRetention(), props.removalPolicy()));
        List<String> stateMachineArns = props.stateMachines().values().stream()
                .map(StateMachine::getStateMachineArn).toList();
        handler.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:StartExecution", "states:ListExecutions"))
                .resources(stateMachineArns)
                .build());
        handler.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:Query"))
                .resources(List.of(props.executions().getTableArn(),
                        props.executions().getTableArn() + "/index/" + ExecutionsTable.BY_JOB))
                .build());
        Storage.grantItemActions(props.executions(), handler.role(), "dynamodb:GetItem");
        Storage.grantItemActions(props.records(), handler.role(), "dynamodb:GetItem");

        IHttpRouteAuthorizer authorizer;
        if (props.jwt().isPresent()) {
            userPool = null;
            authorizer = new HttpJwtAuthorizer("AdminJwt", props.jwt().get().issuer(),
                    HttpJwtAuthorizerProps.builder().jwtAudience(props.jwt().get().audience()).build());
        } else {
            userPool = UserPool.Builder.create(this, "Admins")
                    .userPoolName(props.prefix() + "admins")
                    // Admins are invited by an operator, never sign themselves up.
                    .selfSignUpEnabled(false)
                    .signInAliases(SignInAliases.builder().email(true).build())
                    .mfa(Mfa.REQUIRED)
                    .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                    .passwordPolicy(PasswordPolicy.builder().minLength(12).requireLowercase(true)
                            .requireUppercase(true).requireDigits(true).requireSymbols(true)
                            .tempPasswordValidity(Duration.days(3)).build())
                    .accountRecovery(AccountRecovery.EMAIL_ONLY)
                    // Threat protection (compromised credentials, risky sign-ins) enforced; the Plus plan costs
                    // cents a month for a handful of admins and these accounts can start every job.
                    .featurePlan(FeaturePlan.PLUS)
                    .standardThreatProtectionMode(StandardThreatProtectionMode.FULL_FUNCTION)
                    .deletionProtection(props.removalPolicy() == RemovalPolicy.RETAIN)
                    .removalPolicy(props.removalPolicy())
                    .build();
            UserPoolGroup.Builder.create(this, "SuperAdmins")
                    .userPool(userPool)
                    .groupName(ADMIN_GROUP)
                    .description("May list jobs and runs and trigger jobs through the admin API")
                    .build();
            UserPoolClient client = userPool.addClient("AdminClient", UserPoolClientOptions.builder()
                    .userPoolClientName(props.prefix() + "admin")
                    .authFlows(AuthFlow.builder().userSrp(true).build())
                    .generateSecret(false)
                    .disableOAuth(true)
                    .preventUserExistenceErrors(true)
                    .accessTokenValidity(Duration.hours(1))
                    .idTokenValidity(Duration.hours(1))
                    .build());
            authorizer = new HttpUserPoolAuthorizer("AdminUserPool", userPool,
                    HttpUserPoolAuthorizerProps.builder().userPoolClients(List.of(client)).build());
        }

        api = HttpApi.Builder.create(this, "Api")
                .apiName(props.prefix() + "admin")
                .description("Public data update scheduler: super-admin API")
                .createDefaultStage(false)
                .build();
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .logGroupName("/aws/apigateway/" + props.prefix() + "admin")
                .retention(props.logRetention())
                .removalPolicy(props.removalPolicy())
                .build();
        LogGroupLogDestination destination = new LogGroupLogDestination(accessLogs);
        stage = api.addStage("DefaultStage", HttpStageOptions.builder()
                .stageName("$default")
                .autoDeploy(true)
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return destination;
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.jsonWithStandardFields();
                    }
                })
                // A handful of admins: a low ceiling protects the state machines and the tables from a runaway client.
                .throttle(ThrottleSettings.builder().rateLimit(10).burstLimit(20).build())
                .build());

        HttpLambdaIntegration integration = new HttpLambdaIntegration("Admin", handler.alias());
        route("/admin/jobs/{jobName}/trigger", HttpMethod.POST, integration, authorizer);
        route("/admin/jobs", HttpMethod.GET, integration, authorizer);
        route("/admin/jobs/{jobName}/executions", HttpMethod.GET, integration, authorizer);
    }

    private void route(String path, HttpMethod method, HttpLambdaIntegration integration,
                       IHttpRouteAuthorizer authorizer) {
        api.addRoutes(AddRoutesOptions.builder().path(path).methods(List.of(method)).integration(integration)
                .authorizer(authorizer).build());
    }

    private static String json(Map<String, List<String>> value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return stage.getUrl();
    }

    public Optional<UserPool> userPool() {
        return Optional.ofNullable(userPool);
    }

    public JavaFunction handler() {
        return handler;
    }

    public HttpApi api() {
        return api;
    }
}
