package kr.publicdata.scheduler.infra;

import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.JobDefinition;
import kr.publicdata.scheduler.workflow.WorkflowDefinition;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole scheduler in one stack. It only composes the constructs, one per concern, and names the outputs an
 * operator needs after {@code cdk deploy}.
 */
public final class SchedulerStack extends Stack {

    /**
     * @param projectRoot the repository root: {@code statemachine/} and the functions jar are read from it
     */
    public record Props(DeploymentConfig config, Catalogue catalogue, Path projectRoot) {
    }

    /** The one shaded jar every function runs, relative to the project root. */
    public static final String LAMBDA_JAR = "functions/target/functions-lambda.jar";

    private final Workflows workflows;
    private final Watchdog watchdog;
    private final Monitoring monitoring;

    public SchedulerStack(Construct scope, String id, StackProps stackProps, Props props) {
        super(scope, id, stackProps);
        DeploymentConfig config = props.config();
        Catalogue catalogue = props.catalogue();
        String prefix = config.prefix();
        Code code = Code.fromAsset(lambdaJar(props.projectRoot()).toString());
        RetentionDays retention = config.logRetention();
        List<JobDefinition> jobs = catalogue.jobs();
        Map<String, List<String>> jobSources = new LinkedHashMap<>();
        jobs.forEach(job -> jobSources.put(job.name(), config.enabledSources(job)));

        Storage storage = new Storage(this, "Storage", new Storage.Props(prefix, config.statefulRemovalPolicy()));
        Alerts alerts = new Alerts(this, "Alerts", new Alerts.Props(prefix, config.alertEmails(),
                config.slackEnabled(), storage.executions(), code, retention, config.statefulRemovalPolicy()));
        Fetchers fetchers = new Fetchers(this, "Fetchers", new Fetchers.Props(prefix,
                config.enabledSources(catalogue), config.memoryMb(), config.timeoutSeconds(), code, storage.records(),
                storage.executions(), retention, config.statefulRemovalPolicy()));
        workflows = new Workflows(this, "Workflows", new Workflows.Props(prefix, jobs, jobSources,
                WorkflowDefinition.read(props.projectRoot()), fetchers, alerts, storage.executions(),
                storage.records(), code, config.alertQuietHours(), retention, config.statefulRemovalPolicy()));
        Schedules schedules = new Schedules(this, "Schedules", new Schedules.Props(prefix, jobs,
                catalogue.timeZone(), workflows.stateMachines(), config.statefulRemovalPolicy()));
        AdminApi adminApi = new AdminApi(this, "AdminApi", new AdminApi.Props(prefix, config.jwt(),
                workflows.stateMachines(), jobSources, storage.executions(), storage.records(), code, retention,
                config.statefulRemovalPolicy()));
        watchdog = new Watchdog(this, "Watchdog", new Watchdog.Props(prefix, storage.executions(), code,
                retention, config.statefulRemovalPolicy()));
        List<JavaFunction> runFunctions = new ArrayList<>(workflows.functions());
        runFunctions.add(watchdog.function());
        monitoring = new Monitoring(this, "Monitoring", new Monitoring.Props(prefix, jobs, workflows.stateMachines(),
                workflows.logGroups(), fetchers.functions(), runFunctions, schedules.deadLetterQueue(),
                workflows.finaliserDeadLetters(),
                alerts.notifier(), alerts.notifierFailures().map(q -> q), alerts.topic(), watchdog.function()));

        output("AdminApiUrl", adminApi.url(), "Base URL of the admin API (routes under /admin/jobs)");
        output("AlertTopicArn", alerts.topic().getTopicArn(), "SNS topic every alert goes to");
        output("DashboardUrl", monitoring.dashboardUrl(), "The Job status monitoring dashboard");
        adminApi.userPool().ifPresentOrElse(
                pool -> output("UserPoolId", pool.getUserPoolId(), "Cognito user pool of the super-admins"),
                () -> output("JwtIssuer", config.jwt().orElseThrow().issuer(), "Issuer the admin API trusts"));
        output("ServiceKeysSecretArn", fetchers.serviceKeys().getSecretArn(), "Set the portal keys here");
        output("SlackWebhookSecretArn", alerts.webhookSecret().getSecretArn(), "Set the Slack webhook URL here");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /** The functions jar, which {@code mvn package} builds; without it there is nothing to deploy. */
    static Path lambdaJar(Path projectRoot) {
        Path jar = projectRoot.resolve(LAMBDA_JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build it first with `mvn -B -ntp package` "
                    + "(or `mvn verify`) from the project root; the CDK app deploys that jar as every function's code");
        }
        return jar;
    }

    public Workflows workflows() {
        return workflows;
    }

    public Watchdog watchdog() {
        return watchdog;
    }

    public Monitoring monitoring() {
        return monitoring;
    }
}
