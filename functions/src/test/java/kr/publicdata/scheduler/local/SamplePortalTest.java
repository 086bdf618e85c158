package kr.publicdata.scheduler.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.SourceDefinition;
import kr.publicdata.scheduler.fetch.SourceResult;
import kr.publicdata.scheduler.portal.PortalErrorType;
import kr.publicdata.scheduler.portal.PortalException;
import kr.publicdata.scheduler.testing.FetcherHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real fetcher pulls every catalogue source from the sample portal serving the repository's
 * events/portal, and the portal pages, filters and refuses the way the real APIs do.
 */
class SamplePortalTest {

    /** The "distinct kept" column of events/portal/README.md. */
    private static final Map<String, Integer> DISTINCT_KEPT = Map.ofEntries(
            Map.entry("cctv", 35), Map.entry("public-wifi", 35), Map.entry("public-toilets", 34),
            Map.entry("ev-chargers", 30), Map.entry("parking-availability", 30), Map.entry("street-lights", 44),
            Map.entry("emergency-bells", 35), Map.entry("traffic-cameras", 35), Map.entry("flood-traces", 35),
            Map.entry("snow-boxes", 33), Map.entry("steep-slopes", 32), Map.entry("earthquake-shelters", 35));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SamplePortal portal;

    @BeforeAll
    static void startPortal() throws URISyntaxException {
        Path samples = Path.of(SamplePortalTest.class.getResource("/events/portal").toURI());
        portal = SamplePortal.create(FetcherHarness.CATALOGUE, samples, 0).start();
    }

    @AfterAll
    static void stopPortal() {
        portal.close();
    }

    static Stream<String> sourceIds() {
        return FetcherHarness.CATALOGUE.sources().stream().map(SourceDefinition::id);
    }

    @Test
    void expectedCounts_coverEveryCatalogueSource() {
        assertThat(DISTINCT_KEPT.keySet()).containsExactlyInAnyOrderElementsOf(sourceIds().toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sourceIds")
    void fetch_everySourceThroughSamplePortal_completesWithEveryDistinctRow(String id) {
        FetcherHarness harness = harnessWithPageSize10(id);

        FetcherHarness.Run run = harness.runToCompletion(id, "run-1", "full");

        SourceResult result = run.result();
        assertThat(result.status()).isEqualTo(SourceResult.SUCCESS);
        assertThat(result.complete()).isTrue();
        assertThat(result.created()).isEqualTo(DISTINCT_KEPT.get(id));
        assertThat(result.warnings()).isEmpty();
        assertThat(result.apiCalls()).as("several pages of 10").isGreaterThan(3);
        assertThat(harness.storedRecords(id)).hasSize(DISTINCT_KEPT.get(id));
    }

    @Test
    void fetch_parking_joinsRealtimeCountsToLotDetails() {
        FetcherHarness harness = harnessWithPageSize10("parking-availability");

        SourceResult result = harness.runToCompletion("parking-availability", "run-1", "full").result();

        assertThat(result.created()).isEqualTo(30);
        assertThat(result.quality().locationMissing()).isEqualTo(2);
        // Realtime row 19 has no PrkSttusInfo row; every other lot gets its name from the join.
        assertThat(harness.storedRecords("parking-availability"))
                .filteredOn(record -> record.get("name").s() != null).hasSize(29);
    }

    @Test
    void get_familyBUpdateTimeFilter_returnsOnlyRowsUpdatedSinceWithFilteredTotal() throws Exception {
        String since = "20261201000000";
        long expected = SampleDataset.load("cctv", FetcherHarness.source("cctv").family(), "info").items().stream()
                .map(row -> LocalDateTime.parse(row.get("DAT_UPDT_PNT").asText(),
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")))
                .filter(updated -> !updated.isBefore(LocalDateTime.of(2026, 12, 1, 0, 0)))
                .count();

        JsonNode page = json(get("/1741000/cctv_info/info?cond%5BDAT_UPDT_PNT%3A%3AGTE%5D=" + since
                + "&returnType=JSON&numOfRows=100&serviceKey=ignored&pageNo=1"));

        JsonNode body = page.path("response").path("body");
        assertThat(expected).isBetween(1L, 35L);
        assertThat(body.path("totalCount").asLong()).isEqualTo(expected);
        assertThat(body.path("items").path("item")).hasSize((int) expected)
                .allSatisfy(row -> assertThat(row.path("DAT_UPDT_PNT").asText().replaceAll("\\D", ""))
                        .isGreaterThanOrEqualTo(since));
    }

    @Test
    void get_familyBConditions_combineEqualLikeAndLessThan() throws Exception {
        JsonNode body = json(get("/1741000/cctv_info/info?pageNo=1&numOfRows=100"
                + "&cond%5BDAT_UPDT_PNT%3A%3ALT%5D=20261101&cond%5BLCTN_ROAD_NM_ADDR%3A%3ALIKE%5D=%EC%84%9C%EC%9A%B8"))
                .path("response").path("body");

        assertThat(body.path("items").path("item")).isNotEmpty().allSatisfy(row -> {
            assertThat(row.path("DAT_UPDT_PNT").asText()).startsWith("2026-10");
            assertThat(row.path("LCTN_ROAD_NM_ADDR").asText()).contains("서울");
        });
        assertThat(body.path("totalCount").asInt()).isEqualTo(body.path("items").path("item").size());
    }

    @Test
    void get_kecoAreaAndSafetydataFieldFilters_selectMatchingRows() throws Exception {
        JsonNode seoulChargers = json(get("/B552584/EvCharger/getChargerInfo?zcode=11&pageNo=1&numOfRows=100"));
        JsonNode tsunamiShelters = json(get("/V2/api/DSSP-IF-10941?shlt_se_cd=4&pageNo=1&numOfRows=100"));
        JsonNode earthquakeShelters = json(get("/V2/api/DSSP-IF-10941?shlt_se_cd=3&pageNo=1&numOfRows=100"));

        assertThat(seoulChargers.path("items").path("item")).isNotEmpty()
                .allSatisfy(row -> assertThat(row.path("zcode").asText()).isEqualTo("11"));
        assertThat(seoulChargers.path("totalCount").asInt()).isEqualTo(seoulChargers.path("items").path("item").size());
        assertThat(tsunamiShelters.path("totalCount").asInt()).isZero();
        assertThat(earthquakeShelters.path("totalCount").asInt()).isEqualTo(35);
    }

    @Test
    void get_geoJsonOffsetPaging_returnsTheFeaturesFromStartIndex() throws Exception {
        JsonNode last = json(get("/openapi2/IF_0092_WFS?count=10&startIndex=30&service=WFS"));

        assertThat(last.path("numberMatched").asInt()).isEqualTo(35);
        assertThat(last.path("features")).hasSize(5);
    }

    @Test
    void get_unknownPath_answers404() throws Exception {
        assertThat(get("/1741000/no_such_info/info?pageNo=1").statusCode()).isEqualTo(404);
    }

    @Test
    void get_unreadablePageNumber_answers400() throws Exception {
        assertThat(get("/1741000/cctv_info/info?pageNo=first").statusCode()).isEqualTo(400);
    }

    @Test
    void fetch_sourcePointedAtUnknownService_failsAsNoSuchService() {
        FetcherHarness harness = harnessWithPageSize10("steep-slopes")
                .with("SOURCE_ENDPOINT_STEEP_SLOPES", "https://www.safetydata.go.kr/V2/api/DSSP-IF-99999");

        assertThatThrownBy(() -> harness.runToCompletion("steep-slopes", "run-1", "full"))
                .isInstanceOfSatisfying(PortalException.class,
                        e -> assertThat(e.type()).isEqualTo(PortalErrorType.NO_SUCH_SERVICE));
    }

    private static FetcherHarness harnessWithPageSize10(String id) {
        return new FetcherHarness(portal.baseUrl())
                .with("SOURCE_PAGE_SIZE_" + id.toUpperCase(Locale.ROOT).replace('-', '_'), "10");
    }

    private static HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(portal.baseUrl() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
        return JSON.readTree(response.body());
    }
}
