package kr.publicdata.scheduler.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import kr.publicdata.scheduler.catalogue.Family;
import kr.publicdata.scheduler.catalogue.SourceDefinition;
import kr.publicdata.scheduler.local.SampleDataset;
import kr.publicdata.scheduler.normalise.Normaliser;
import kr.publicdata.scheduler.portal.PortalPage;
import kr.publicdata.scheduler.portal.ResponseAdapter;
import kr.publicdata.scheduler.testing.FetcherHarness;
import kr.publicdata.scheduler.testing.PortalStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every source pulled from its sample in the real response format, over several pages, into the DynamoDB
 * emulator. The expected counts are the ones written down with the samples (events/portal/README.md).
 */
class SourcePullTest {

    private static final int PAGE_SIZE = 10;

    private WireMockServer portal;
    private FetcherHarness harness;

    @BeforeEach
    void start() {
        portal = new WireMockServer(options().dynamicPort());
        portal.start();
        harness = new FetcherHarness(portal);
    }

    @AfterEach
    void stop() {
        portal.stop();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // source,             rows, kept, swapped, missing, invalid, duplicates, dropped
            "cctv,                   36,   35,  1,  1, 1, 1, 0",
            "public-wifi,            35,   35,  1,  1, 1, 0, 0",
            "public-toilets,         35,   34,  0, 34, 0, 1, 0",
            "ev-chargers,            34,   30,  1,  1, 1, 2, 2",
            "parking-availability,   30,   30,  0,  2, 0, 0, 0",
            "street-lights,          45,   44,  1,  1, 1, 1, 0",
            "emergency-bells,        35,   35,  1,  1, 1, 0, 0",
            "traffic-cameras,        35,   35,  1,  1, 1, 0, 0",
            "flood-traces,           35,   35,  0,  1, 0, 0, 0",
            "snow-boxes,             33,   33,  1,  1, 1, 0, 0",
            "steep-slopes,           32,   32,  1,  1, 1, 0, 0",
            "earthquake-shelters,    35,   35,  1,  1, 1, 0, 0"})
    void fetch_multiPagePull_storesEveryDistinctRowWithExactCounts(String id, int rows, int kept, int swapped,
                                                                    int missing, int invalid, int duplicates,
                                                                    int dropped) {
        SourceDefinition source = serve(id, sample(id));

        SourceResult first = harness.runToCompletion(id, "run-1", "auto").result();

        assertThat(first.status()).isEqualTo("SUCCESS");
        assertThat(first.pull()).isEqualTo("full");
        assertThat(first.complete()).isTrue();
        assertThat(first.created()).isEqualTo(kept);
        assertThat(first.updated() + first.unchanged() + first.removed()).isZero();
        assertThat(first.invalid()).isEqualTo(invalid);
        assertThat(first.quality()).isEqualTo(new Quality(swapped, missing, duplicates, dropped));
        assertThat(first.apiCalls()).isEqualTo(pages(rows) + (source.joinEndpoint() == null ? 0 : pages(29)));
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.warnings()).isEmpty();
        assertThat(harness.storedRecords(id)).hasSize(kept);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cctv", "public-wifi", "public-toilets", "ev-chargers", "parking-availability",
            "street-lights", "emergency-bells", "traffic-cameras", "flood-traces", "snow-boxes", "steep-slopes",
            "earthquake-shelters"})
    void fetch_samePullAgain_reportsAllUnchangedWithoutWriting(String id) {
        serve(id, sample(id));
        SourceResult first = harness.runToCompletion(id, "run-1", "full").result();
        harness.writes.reset();

        SourceResult second = harness.runToCompletion(id, "run-2", "full").result();

        assertThat(second.unchanged()).isEqualTo(first.created());
        assertThat(second.created() + second.updated() + second.removed()).isZero();
        assertThat(harness.writes.recordWrites()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cctv", "public-wifi", "public-toilets", "ev-chargers", "parking-availability",
            "street-lights", "emergency-bells", "traffic-cameras", "flood-traces", "snow-boxes", "steep-slopes",
            "earthquake-shelters"})
    void fetch_changedSample_countsExactlyOneCreatedUpdatedAndRemoved(String id) {
        SampleDataset original = sample(id);
        SourceDefinition source = serve(id, original);
        SourceResult first = harness.runToCompletion(id, "run-1", "full").result();

        List<Integer> unique = uniqueKeyIndexes(source, original);
        List<ObjectNode> items = new ArrayList<>(original.items());
        fields(source, items.get(unique.get(0))).put("TEST_CHANGED_FIELD", "changed");
        ObjectNode added = items.get(unique.get(2)).deepCopy();
        String keyField = lastKeyField(source);
        fields(source, added).put(keyField, fields(source, added).path(keyField).asText() + "-NEW");
        items.remove((int) unique.get(1));
        items.add(added);
        portal.resetAll();
        serve(id, original.withItems(items));

        SourceResult second = harness.runToCompletion(id, "run-2", "full").result();

        assertThat(second.created()).isEqualTo(1);
        assertThat(second.updated()).isEqualTo(1);
        assertThat(second.removed()).isEqualTo(1);
        assertThat(second.unchanged()).isEqualTo(first.created() - 2);
        assertThat(harness.liveRecords(id)).hasSize(first.created());
        assertThat(harness.storedRecords(id)).hasSize(first.created() + 1);
    }

    private SourceDefinition serve(String id, SampleDataset data) {
        String suffix = id.toUpperCase(Locale.ROOT).replace('-', '_');
        harness.with("SOURCE_PAGE_SIZE_" + suffix, Integer.toString(PAGE_SIZE));
        SourceDefinition source = FetcherHarness.source(id);
        PortalStubs.serve(portal, source.endpoint(), data, PAGE_SIZE);
        if (source.joinEndpoint() != null) {
            PortalStubs.serve(portal, source.joinEndpoint(), SampleDataset.load(id + "-info", Family.KOTSA,
                    "PrkSttusInfo"), PAGE_SIZE);
        }
        return source;
    }

    static SampleDataset sample(String id) {
        SourceDefinition source = FetcherHarness.source(id);
        String operation = URI.create(source.endpoint()).getPath().replaceAll(".*/", "");
        return SampleDataset.load(id, source.family(), operation);
    }

    private static int pages(int rows) {
        return (rows + PAGE_SIZE - 1) / PAGE_SIZE;
    }

    /** Indexes of items whose natural key occurs once and that the source keeps. */
    private static List<Integer> uniqueKeyIndexes(SourceDefinition source, SampleDataset data) {
        String operation = URI.create(source.endpoint()).getPath().replaceAll(".*/", "");
        PortalPage page = ResponseAdapter.forFamily(source.family()).parse(data.page(1, data.size()), operation);
        Normaliser normaliser = new Normaliser(source);
        List<String> keys = page.rows().stream().map(row -> {
            Normaliser.Outcome outcome = normaliser.normalise(row);
            return outcome.record() == null ? null : outcome.record().key();
        }).toList();
        Map<String, Integer> occurrences = new HashMap<>();
        keys.forEach(k -> occurrences.merge(String.valueOf(k), 1, Integer::sum));
        List<Integer> unique = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i) != null && occurrences.get(keys.get(i)) == 1) {
                unique.add(i);
            }
        }
        return unique;
    }

    private static ObjectNode fields(SourceDefinition source, ObjectNode item) {
        return source.family() == Family.GEOJSON ? (ObjectNode) item.get("properties") : item;
    }

    /** A raw field of the natural key whose change makes a new key. */
    private static String lastKeyField(SourceDefinition source) {
        List<List<String>> key = source.naturalKey();
        for (int i = key.size() - 1; i >= 0; i--) {
            if (!key.get(i).getFirst().startsWith("@")) {
                return key.get(i).getFirst();
            }
        }
        throw new IllegalStateException(source.id() + " has no raw key field");
    }
}
