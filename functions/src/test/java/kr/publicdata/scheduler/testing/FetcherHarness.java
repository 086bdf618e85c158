package kr.publicdata.scheduler.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.SourceDefinition;
import kr.publicdata.scheduler.fetch.Cursor;
import kr.publicdata.scheduler.fetch.FetchRequest;
import kr.publicdata.scheduler.fetch.FetcherConfig;
import kr.publicdata.scheduler.fetch.ServiceKeys;
import kr.publicdata.scheduler.fetch.SourceFetcher;
import kr.publicdata.scheduler.fetch.SourceResult;
import kr.publicdata.scheduler.portal.PortalClient;
import kr.publicdata.scheduler.portal.Redactor;
import kr.publicdata.scheduler.store.RecordStore;
import kr.publicdata.scheduler.store.RunBookkeeping;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wires the real fetcher to a portal (WireMock or the local sample portal) and a fresh table in the dynalite
 * emulator, and drives a pull the way the workflow does: invoke, and invoke again with the returned cursor
 * until done.
 */
public final class FetcherHarness {

    public static final Catalogue CATALOGUE = Catalogue.load();

    public final DynamoDbClient dynamo;
    public final String table;
    public final WriteCounter writes = new WriteCounter();
    private final Map<String, String> env = new HashMap<>();

    public FetcherHarness(WireMockServer portal) {
        this(portal.baseUrl());
    }

    /** Wires the fetcher to any portal at {@code portalBaseUrl}, such as the local sample portal. */
    public FetcherHarness(String portalBaseUrl) {
        this.dynamo = LocalDynamoDb.client(writes);
        this.table = LocalDynamoDb.createRecordsTable(dynamo);
        env.put("RECORDS_TABLE", table);
        env.put("PORTAL_BASE_URL", portalBaseUrl);
        env.put("PAGE_RETRY_BASE_MILLIS", "0");
        env.put("PORTAL_READ_TIMEOUT_SECONDS", "2");
    }

    /** Sets a configuration variable (or a service key: keys are read from the same environment here). */
    public FetcherHarness with(String name, String value) {
        env.put(name, value);
        return this;
    }

    public static SourceDefinition source(String id) {
        return CATALOGUE.source(id).orElseThrow();
    }

    public SourceFetcher fetcher() {
        FetcherConfig config = FetcherConfig.fromEnvironment(env);
        return new SourceFetcher(CATALOGUE, config, ServiceKeys.fromEnvironment(env),
                new PortalClient(Duration.ofSeconds(2), config.readTimeout(), new Redactor()),
                new RecordStore(dynamo, table), new RunBookkeeping(dynamo, table), millis -> { }, null);
    }

    /** The final result and how many invocations it took. */
    public record Run(SourceResult result, int invocations) {
    }

    public Run runToCompletion(String source, String runId, String mode) {
        SourceFetcher fetcher = fetcher();
        Cursor cursor = null;
        for (int invocation = 1; invocation <= 10_000; invocation++) {
            SourceResult result = fetcher.fetch(new FetchRequest("testJob", source, runId, mode, cursor),
                    () -> 900_000L);
            if (result.cursor() == null) {
                return new Run(result, invocation);
            }
            cursor = result.cursor();
        }
        throw new AssertionError("the pull never finished");
    }

    /** Every stored record of the source (all shards), as the platform would read it: queries, no scan. */
    public List<Map<String, AttributeValue>> storedRecords(String source) {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        for (int shard = 0; shard < source(source).shards(); shard++) {
            String pk = RecordStore.partitionKey(source, shard);
            dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
                    .items().forEach(all::add);
        }
        return all;
    }

    public List<Map<String, AttributeValue>> liveRecords(String source) {
        return storedRecords(source).stream().filter(r -> !Boolean.TRUE.equals(r.get("removed").bool())).toList();
    }
}
