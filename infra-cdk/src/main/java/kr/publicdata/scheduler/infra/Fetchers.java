package kr.publicdata.scheduler.infra;

import kr.publicdata.scheduler.catalogue.SourceDefinition;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fetcher function per enabled source ({@code <prefix>fetch-<sourceId>}, the name the workflow builds from
 * the source id) and the portal service-key secret they read, created without a value. A fetcher may read and
 * write the records table, update its run's execution item and read the keys; nothing else.
 */
public final class Fetchers extends Construct {

    /** The workflow invokes {@code <fetcherPrefix><sourceId>:live}. */
    public static String functionNamePrefix(String prefix) {
        return prefix + "fetch-";
    }

    /** Sources the catalogue shards eight ways or more are the big ones (street lights: 1.8 million rows). */
    static final int BIG_SOURCE_SHARDS = 8;
    static final int DEFAULT_MEMORY_MB = 1024;
    static final int BIG_MEMORY_MB = 2048;
    static final int DEFAULT_TIMEOUT_SECONDS = 300;
    static final int BIG_TIMEOUT_SECONDS = DeploymentConfig.MAX_FUNCTION_TIMEOUT_SECONDS;

    /**
     * @param sources        the enabled sources
     * @param memoryMb       per-source overrides of the default memory
     * @param timeoutSeconds per-source overrides of the default timeout
     */
    public record Props(String prefix, List<SourceDefinition> sources, Map<String, Integer> memoryMb,
                        Map<String, Integer> timeoutSeconds, Code code, ITableV2 records, ITableV2 executions,
                        RetentionDays logRetention, RemovalPolicy removalPolicy) {
    }

    private final Secret serviceKeys;
    private final Map<String, JavaFunction> functions = new LinkedHashMap<>();

    public Fetchers(Construct scope, String id, Props props) {
        super(scope, id);
        serviceKeys = Alerts.emptySecret(this, "ServiceKeys", props.prefix() + "service-keys",
                "Portal service keys as one JSON object (DATA_GO_KR_SERVICE_KEY, SAFETYDATA_SERVICE_KEY_<CODE>, "
                        + "SAFEMAP_SERVICE_KEY); set by the operator", props.removalPolicy());
        for (SourceDefinition source : props.sources()) {
            boolean big = source.shards() >= BIG_SOURCE_SHARDS;
            int memory = props.memoryMb().getOrDefault(source.id(), big ? BIG_MEMORY_MB : DEFAULT_MEMORY_MB);
            int timeout = props.timeoutSeconds().getOrDefault(source.id(),
                    big ? BIG_TIMEOUT_SECONDS : DEFAULT_TIMEOUT_SECONDS);
            JavaFunction fetcher = new JavaFunction(this, source.id(), new JavaFunction.Props(
                    functionNamePrefix(props.prefix()) + source.id(),
                    "kr.publicdata.scheduler.fetch.FetchSourceHandler::handleRequest",
                    "Fetches " + source.id() + " (" + source.title() + ")", props.code(), memory,
                    Duration.seconds(timeout),
                    Map.of("RECORDS_TABLE", props.records().getTableName(),
                            "EXECUTIONS_TABLE", props.executions().getTableName(),
                            "SERVICE_KEYS_SECRET_ID", serviceKeys.getSecretArn()),
                    "fetch-" + source.id(), props.logRetention(), props.removalPolicy()));
            props.records().grantReadWriteData(fetcher.role());
            // The fetcher only adds its attempt and retry counts to its run's item.
            Storage.grantItemActions(props.executions(), fetcher.role(), "dynamodb:UpdateItem");
            serviceKeys.grantRead(fetcher.role());
            functions.put(source.id(), fetcher);
        }
    }

    /** The fetchers by source id. */
    public Map<String, JavaFunction> functions() {
        return java.util.Collections.unmodifiableMap(functions);
    }

    public JavaFunction function(String sourceId) {
        JavaFunction f = functions.get(sourceId);
        if (f == null) {
            throw new IllegalArgumentException("no fetcher for source " + sourceId + " (disabled?)");
        }
        return f;
    }

    public Secret serviceKeys() {
        return serviceKeys;
    }
}
