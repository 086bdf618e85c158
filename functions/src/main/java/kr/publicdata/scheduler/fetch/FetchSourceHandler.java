package kr.publicdata.scheduler.fetch;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.portal.PortalClient;
import kr.publicdata.scheduler.portal.Redactor;
import kr.publicdata.scheduler.run.LambdaClients;
import kr.publicdata.scheduler.run.RunStore;
import kr.publicdata.scheduler.store.RecordStore;
import kr.publicdata.scheduler.store.RunBookkeeping;
import org.slf4j.MDC;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The per-source fetcher Lambda: input {@code {jobName, source, runId, mode, cursor?}}, output the
 * source's entry of the execution record plus {@code cursor} while the pull is not done.
 */
public final class FetchSourceHandler implements RequestStreamHandler {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String METRICS_NAMESPACE = "PublicDataScheduler";

    private final SourceFetcher fetcher;
    private final Metrics metrics;

    /** Builds the real collaborators once per container (SnapStart snapshots them). */
    public FetchSourceHandler() {
        this(defaultFetcher(), MetricsFactory.getMetricsInstance());
    }

    FetchSourceHandler(SourceFetcher fetcher, Metrics metrics) {
        this.fetcher = fetcher;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        PowertoolsLogging.initializeLogging(context);
        FetchRequest request = JSON.readValue(input, FetchRequest.class);
        MDC.put("source", request.source());
        MDC.put("runId", request.runId());
        MDC.put("jobName", request.jobName());
        try {
            SourceResult result = fetcher.fetch(request, context::getRemainingTimeInMillis);
            if (SourceResult.SUCCESS.equals(result.status()) && request.jobName() != null) {
                publishJobMetrics(request.jobName(), result);
            }
            JSON.writeValue(output, result);
        } finally {
            MDC.clear();
        }
    }

    /** Metrics carry the job as their only dimension: one series per job, not per source (each costs money). */
    private void publishJobMetrics(String jobName, SourceResult result) {
        metrics.flushMetrics(m -> {
            m.setNamespace(METRICS_NAMESPACE);
            m.setDefaultDimensions(DimensionSet.of("job", jobName));
            m.addMetric("RecordsCreated", result.created(), MetricUnit.COUNT);
            m.addMetric("RecordsUpdated", result.updated(), MetricUnit.COUNT);
            m.addMetric("RecordsRemoved", result.removed(), MetricUnit.COUNT);
            m.addMetric("RecordsInvalid", result.invalid(), MetricUnit.COUNT);
            m.addMetric("PortalCalls", result.apiCalls(), MetricUnit.COUNT);
            m.addMetric("FetchRetries", result.retries(), MetricUnit.COUNT);
        });
    }

    private static SourceFetcher defaultFetcher() {
        FetcherConfig config = FetcherConfig.fromEnvironment(System.getenv());
        DynamoDbClient dynamo = LambdaClients.dynamo();
        ServiceKeys keys = config.serviceKeysSecretId() == null
                ? ServiceKeys.fromEnvironment(System.getenv())
                : ServiceKeys.fromSecret(SecretsManagerClient.builder()
                        .httpClient(UrlConnectionHttpClient.create()).build(), config.serviceKeysSecretId());
        PortalClient portal = new PortalClient(config.connectTimeout(), config.readTimeout(), new Redactor());
        String executionsTable = System.getenv("EXECUTIONS_TABLE");
        return new SourceFetcher(Catalogue.load(), config, keys, portal,
                new RecordStore(dynamo, config.recordsTable()), new RunBookkeeping(dynamo, config.recordsTable()),
                Thread::sleep, executionsTable == null ? null : new RunStore(dynamo, executionsTable));
    }
}
