package kr.publicdata.scheduler.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import kr.publicdata.scheduler.local.SampleDataset;
import kr.publicdata.scheduler.normalise.KstDates;
import kr.publicdata.scheduler.testing.FetcherHarness;
import kr.publicdata.scheduler.testing.PortalStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** Incremental and full pulls, and the safety rules that keep a bad pull from deleting stored data. */
class PullModesTest {

    private static final int PAGE_SIZE = 10;
    private WireMockServer portal;
    private FetcherHarness harness;

    @BeforeEach
    void start() {
        portal = new WireMockServer(options().dynamicPort());
        portal.start();
        harness = new FetcherHarness(portal);
        for (String id : List.of("CCTV", "STREET_LIGHTS", "EARTHQUAKE_SHELTERS")) {
            harness.with("SOURCE_PAGE_SIZE_" + id, Integer.toString(PAGE_SIZE));
        }
    }

    @AfterEach
    void stop() {
        portal.stop();
    }

    @Test
    void fetch_auto_afterAFullPull_pullsIncrementallyFromTheWatermarkLessItsMargin() {
        SampleDataset cctv = SourcePullTest.sample("cctv");
        serve("cctv", cctv);
        SourceResult first = harness.runToCompletion("cctv", "run-1", "auto").result();
        portal.resetRequests();

        SourceResult second = harness.runToCompletion("cctv", "run-2", "auto").result();

        String newest = harness.storedRecords("cctv").stream().map(r -> r.get("sourceUpdatedAt").s())
                .filter(java.util.Objects::nonNull).max(String::compareTo).orElseThrow();
        LocalDateTime expectedFrom = OffsetDateTime.parse(newest).toLocalDateTime().minusHours(72);
        List<LoggedRequest> requests = portal.findAll(anyRequestedFor(anyUrl()));
        assertThat(first.pull()).isEqualTo("full");
        assertThat(second.pull()).isEqualTo("incremental");
        assertThat(second.removed()).isZero();
        assertThat(requests).isNotEmpty().allSatisfy(r -> assertThat(r.queryParameter("cond[DAT_UPDT_PNT::GTE]")
                .firstValue()).isEqualTo(expectedFrom.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))));
    }

    @Test
    void fetch_modeFull_pullsInFullEvenWithAWatermark() {
        serve("cctv", SourcePullTest.sample("cctv"));
        harness.runToCompletion("cctv", "run-1", "auto");

        SourceResult forced = harness.runToCompletion("cctv", "run-2", "full").result();

        assertThat(forced.pull()).isEqualTo("full");
        assertThat(forced.complete()).isTrue();
    }

    @Test
    void fetch_sourceWithoutUpdateFilter_alwaysPullsInFull() {
        serve("street-lights", SourcePullTest.sample("street-lights"));
        harness.runToCompletion("street-lights", "run-1", "auto");

        SourceResult second = harness.runToCompletion("street-lights", "run-2", "incremental").result();

        assertThat(second.pull()).isEqualTo("full");
    }

    @Test
    void fetch_fullPullFarSmallerThanTheLastOne_removesNothingAndWarns() {
        SampleDataset lights = SourcePullTest.sample("street-lights");
        serve("street-lights", lights);
        SourceResult first = harness.runToCompletion("street-lights", "run-1", "full").result();
        portal.resetAll();
        serve("street-lights", lights.withItems(lights.items().subList(0, 30)));

        SourceResult shrunk = harness.runToCompletion("street-lights", "run-2", "full").result();

        assertThat(shrunk.status()).isEqualTo("SUCCESS");
        assertThat(shrunk.removed()).isZero();
        assertThat(shrunk.warnings()).anySatisfy(w -> assertThat(w).startsWith("implausible full pull"))
                .anySatisfy(w -> assertThat(w).startsWith("totalCount changed from 45 to 30"));
        assertThat(harness.liveRecords("street-lights")).hasSize(first.created());
    }

    @Test
    void fetch_pullShortOfTotalCount_isIncompleteAndRemovesNothing() {
        SampleDataset lights = SourcePullTest.sample("street-lights");
        serve("street-lights", lights);
        harness.runToCompletion("street-lights", "run-1", "full");
        portal.resetAll();
        List<ObjectNode> fewer = new ArrayList<>(lights.items());
        fewer.remove(5);
        SampleDataset served = lights.withItems(fewer);
        serve("street-lights", served);
        String inflated = served.page(1, PAGE_SIZE).replace("\"totalCount\":\"44\"", "\"totalCount\":\"45\"");
        portal.stubFor(PortalStubs.pageRequest(FetcherHarness.source("street-lights").endpoint(),
                lights.family(), 1, PAGE_SIZE).atPriority(1).willReturn(aResponse().withBody(inflated)));

        SourceResult result = harness.runToCompletion("street-lights", "run-2", "full").result();

        assertThat(result.complete()).isFalse();
        assertThat(result.removed()).isZero();
        assertThat(result.warnings()).containsExactly(
                "incomplete pull: received 44 of the 45 rows the portal reported; nothing removed");
    }

    @Test
    void fetch_portalIgnoringPageNo_stopsAtTheRepeatedPageAndRemovesNothing() {
        SampleDataset shelters = SourcePullTest.sample("earthquake-shelters");
        String path = URI.create(FetcherHarness.source("earthquake-shelters").endpoint()).getPath();
        portal.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withBody(shelters.page(1, PAGE_SIZE))));

        SourceResult result = harness.runToCompletion("earthquake-shelters", "run-1", "full").result();

        assertThat(result.created()).isEqualTo(PAGE_SIZE);
        assertThat(result.complete()).isFalse();
        assertThat(result.apiCalls()).isEqualTo(2);
        assertThat(result.warnings()).singleElement().asString().startsWith("the portal repeated page 2");
    }

    @Test
    void kstDates_filterFormatIsCompactKst() {
        assertThat(KstDates.format(LocalDateTime.of(2026, 5, 27, 22, 58, 19), "yyyyMMddHHmmss"))
                .isEqualTo("20260527225819");
    }

    private void serve(String id, SampleDataset data) {
        PortalStubs.serve(portal, FetcherHarness.source(id).endpoint(), data, PAGE_SIZE);
    }
}
