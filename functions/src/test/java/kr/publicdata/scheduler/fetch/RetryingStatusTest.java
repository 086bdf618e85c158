package kr.publicdata.scheduler.fetch;

import com.github.tomakehurst.wiremock.WireMockServer;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.portal.PortalClient;
import kr.publicdata.scheduler.portal.Redactor;
import kr.publicdata.scheduler.run.DynamoJson;
import kr.publicdata.scheduler.run.RunStore;
import kr.publicdata.scheduler.store.RecordStore;
import kr.publicdata.scheduler.store.RunBookkeeping;
import kr.publicdata.scheduler.testing.FetcherHarness;
import kr.publicdata.scheduler.testing.LocalDynamoDb;
import kr.publicdata.scheduler.testing.PortalStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** A fetcher that finds itself on a retry attempt marks its source and its run RETRYING while the run is live. */
class RetryingStatusTest {

    private static final String RUN = "arn:aws:states:local:000000000000:execution:dailyDataUpdate:run-1";
    private WireMockServer portal;
    private FetcherHarness harness;
    private RunStore runs;

    @BeforeEach
    void start() {
        portal = new WireMockServer(options().dynamicPort());
        portal.start();
        PortalStubs.serve(portal, FetcherHarness.source("cctv").endpoint(), SourcePullTest.sample("cctv"), 100);
        harness = new FetcherHarness(portal);
        String table = LocalDynamoDb.createExecutionsTable(harness.dynamo);
        runs = new RunStore(harness.dynamo, table);
    }

    @AfterEach
    void stop() {
        portal.stop();
    }

    @Test
    void fetch_secondAttemptOfTheSameStep_marksSourceAndRunRetrying() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("executionId", RUN);
        record.put("status", "RUNNING");
        record.put("sources", List.of(Map.of("source", "public-wifi", "status", "RUNNING"),
                Map.of("source", "cctv", "status", "RUNNING")));
        harness.dynamo.putItem(b -> b.tableName(runs.table()).item(DynamoJson.attributes(record)));
        SourceFetcher fetcher = fetcher();
        FetchRequest request = new FetchRequest("dailyDataUpdate", "cctv", RUN, "full", null, 1);

        fetcher.fetch(request, () -> 900_000L);
        Map<String, Object> afterFirst = runs.record(RUN);
        SourceResult retried = fetcher.fetch(request, () -> 900_000L);

        assertThat(afterFirst).containsEntry("status", "RUNNING");
        assertThat(runs.record(RUN)).containsEntry("status", "RETRYING").containsEntry("sources", List.of(
                Map.of("source", "public-wifi", "status", "RUNNING"), Map.of("source", "cctv", "status", "RETRYING")));
        assertThat(retried.attempts()).isEqualTo(2);
        assertThat(retried.created()).as("rows of the first attempt still count once").isEqualTo(35);
    }

    @Test
    void markRetrying_finalRecord_isLeftAlone() {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("executionId", RUN);
        record.put("status", "SUCCESS");
        record.put("sources", List.of(Map.of("source", "cctv", "status", "SUCCESS")));
        harness.dynamo.putItem(b -> b.tableName(runs.table()).item(DynamoJson.attributes(record)));

        runs.markRetrying(RUN, 0);

        assertThat(runs.record(RUN)).containsEntry("status", "SUCCESS");
    }

    private SourceFetcher fetcher() {
        FetcherConfig config = FetcherConfig.fromEnvironment(Map.of("RECORDS_TABLE", harness.table,
                "PORTAL_BASE_URL", portal.baseUrl()));
        return new SourceFetcher(Catalogue.load(), config, ServiceKeys.fromEnvironment(Map.of()),
                new PortalClient(Duration.ofSeconds(2), Duration.ofSeconds(2), new Redactor()),
                new RecordStore(harness.dynamo, harness.table), new RunBookkeeping(harness.dynamo, harness.table),
                millis -> { }, runs);
    }
}
