package kr.publicdata.scheduler.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import kr.publicdata.scheduler.catalogue.Catalogue;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CDK app ({@code cdk.json} runs it). One stack, named after the deployment, checked by cdk-nag's
 * AwsSolutions rules on every synth. The stack is environment-agnostic unless {@code account} and
 * {@code region} are given as context, so synth needs no credentials.
 */
public final class SchedulerApp {

    private SchedulerApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        SchedulerStack stack = build(app, projectRoot());
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        app.synth();
    }

    /** The stack for the configuration in the app's context (tests call this with their own App). */
    static SchedulerStack build(App app, Path projectRoot) {
        Catalogue catalogue = Catalogue.load();
        DeploymentConfig config = DeploymentConfig.fromContext(key -> app.getNode().tryGetContext(key), catalogue);
        StackProps.Builder props = StackProps.builder()
                .description("Public Data Update Scheduler (" + config.envName() + "): scheduled public data fetches, "
                        + "run history, alerts, admin API");
        Object account = app.getNode().tryGetContext("account");
        Object region = app.getNode().tryGetContext("region");
        if (account != null || region != null) {
            props.env(Environment.builder()
                    .account(account == null ? null : account.toString())
                    .region(region == null ? null : region.toString())
                    .build());
        }
        SchedulerStack stack = new SchedulerStack(app, "PublicDataScheduler-" + config.envName(), props.build(),
                new SchedulerStack.Props(config, catalogue, projectRoot));
        Tags.of(stack).add("project", "public-data-update-scheduler");
        Tags.of(stack).add("environment", config.envName());
        return stack;
    }

    /** The repository root: the directory holding statemachine/, found from the working directory upwards. */
    static Path projectRoot() {
        String given = System.getProperty("project.root");
        Path start = given != null ? Path.of(given) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("statemachine"))) {
                return p;
            }
        }
        throw new IllegalStateException("no statemachine/ directory in " + start
                + " or above: run the CDK app from the repository (cdk.json's directory)");
    }
}
