package kr.publicdata.scheduler.infra;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Lambda function from the shared jar with every default this project wants: Java 25 on arm64, SnapStart on
 * a published version, the alias {@value #ALIAS} that every caller invokes, its own log group with retention and
 * its own role that starts with nothing but writing that log group. Callers grant the rest explicitly.
 */
public final class JavaFunction extends Construct {

    /** The alias every caller invokes (the workflow substitutes it as the fetchers' suffix). */
    public static final String ALIAS = "live";

    /**
     * @param functionName the deployed name (prefixed)
     * @param handler      {@code class::handleRequest}
     * @param environment  non-secret configuration only; secrets are named by their id, never passed by value
     */
    public record Props(String functionName, String handler, String description, Code code, int memoryMb,
                        Duration timeout, Map<String, String> environment, String serviceName,
                        RetentionDays logRetention, RemovalPolicy logRemovalPolicy) {
    }

    private final String name;
    private final Function function;
    private final Alias alias;
    private final Role role;
    private final LogGroup logGroup;

    public JavaFunction(Construct scope, String id, Props props) {
        super(scope, id);
        name = props.functionName();
        logGroup = LogGroup.Builder.create(this, "Logs")
                .logGroupName("/aws/lambda/" + props.functionName())
                .retention(props.logRetention())
                .removalPolicy(props.logRemovalPolicy())
                .build();
        // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to every log group.
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Runs " + props.functionName())
                .build();
        logGroup.grantWrite(role);

        Map<String, String> environment = new LinkedHashMap<>(props.environment());
        environment.put("POWERTOOLS_SERVICE_NAME", props.serviceName());
        environment.put("POWERTOOLS_METRICS_NAMESPACE", "PublicDataScheduler");
        environment.putIfAbsent("LOG_LEVEL", "INFO");

        function = Function.Builder.create(this, "Function")
                .functionName(props.functionName())
                .description(props.description())
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .handler(props.handler())
                .code(props.code())
                .memorySize(props.memoryMb())
                .timeout(props.timeout())
                .environment(environment)
                .role(role)
                .logGroup(logGroup)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "the version is published right below and every caller invokes the alias on it");
        // SnapStart applies to published versions only, so callers must go through an alias on one.
        alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion())
                .build();
    }

    /** What callers invoke and grant on. */
    public Alias alias() {
        return alias;
    }

    /** The deployed function name (a plain string, usable in labels and names). */
    public String name() {
        return name;
    }

    public Function function() {
        return function;
    }

    public Role role() {
        return role;
    }

    public LogGroup logGroup() {
        return logGroup;
    }
}
