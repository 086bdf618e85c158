package kr.publicdata.scheduler.fetch;

import com.github.tomakehurst.wiremock.WireMockServer;
import kr.publicdata.scheduler.catalogue.Family;
import kr.publicdata.scheduler.local.SampleDataset;
import kr.publicdata.scheduler.portal.PortalException;
import kr.publicdata.scheduler.testing.FetcherHarness;
import kr.publicdata.scheduler.testing.PortalStubs;
import kr.publicdata.scheduler.testing.SyntheticRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A source too big for one invocation continues over several, from its cursor, without losing,
 * repeating or double-counting rows, even when an invocation dies halfway and the workflow retries it.
 */
class LargeSourceTest {

    private static final int ROWS = 50_000;
    private static final int PAGE_SIZE = 1000;
    private static final String ENDPOINT = FetcherHarness.source("street-lights").endpoint();
    private static final SampleDataset DATA = new SampleDataset(Family.A, "", SyntheticRows.streetLights(ROWS));
    private static WireMockServer portal;

    @BeforeAll
    static void startPortal() {
        portal = new WireMockServer(options().dynamicPort());
        portal.start();
    }

    @AfterAll
    static void stopPortal() {
        portal.stop();
    }

    @Test
    void fetch_withSmallInvocationBudget_completesOverSeveralInvocationsWithExactlyEveryRow() {
        portal.resetAll();
        PortalStubs.serve(portal, ENDPOINT, DATA, PAGE_SIZE);
        FetcherHarness harness = new FetcherHarness(portal).with("FETCH_MAX_PAGES_PER_INVOCATION", "7");

        FetcherHarness.Run run = harness.runToCompletion("street-lights", "run-big", "full");

        assertThat(run.invocations()).isEqualTo(8);
        assertThat(run.result().created()).isEqualTo(ROWS);
        assertThat(run.result().unchanged() + run.result().updated() + run.result().quality().duplicatesCollapsed())
                .isZero();
        assertThat(run.result().apiCalls()).isEqualTo(ROWS / PAGE_SIZE);
        assertThat(run.result().attempts()).isEqualTo(1);
        assertThat(harness.storedRecords("street-lights")).hasSize(ROWS);
    }

    @Test
    void fetch_whenAnInvocationDiesAfterWritingPages_theRetryKeepsCountsExact() {
        portal.resetAll();
        PortalStubs.serve(portal, ENDPOINT, DATA, PAGE_SIZE);
        portal.stubFor(PortalStubs.pageRequest(ENDPOINT, Family.A, 24, PAGE_SIZE).atPriority(1)
                .willReturn(aResponse().withStatus(500)));
        FetcherHarness harness = new FetcherHarness(portal).with("FETCH_MAX_PAGES_PER_INVOCATION", "5");
        var fetcher = harness.fetcher();
        Cursor cursor = null;
        PortalException failure = null;
        while (failure == null) {
            FetchRequest request = new FetchRequest("weeklyDataUpdate", "street-lights", "run-retry", "full", cursor);
            try {
                cursor = fetcher.fetch(request, () -> 900_000L).cursor();
            } catch (PortalException e) {
                failure = e;
            }
        }
        assertThat(cursor.page()).as("the failed invocation started at page 21 and wrote 21-23").isEqualTo(21);

        portal.resetAll();
        PortalStubs.serve(portal, ENDPOINT, DATA, PAGE_SIZE);
        SourceResult result = null;
        while (result == null || result.cursor() != null) {
            result = fetcher.fetch(new FetchRequest("weeklyDataUpdate", "street-lights", "run-retry", "full",
                    result == null ? cursor : result.cursor()), () -> 900_000L);
        }

        assertThat(failure).isInstanceOf(PortalException.Transient.class);
        assertThat(result.created()).isEqualTo(ROWS);
        assertThat(result.unchanged() + result.updated()).isZero();
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.retries()).isEqualTo(1 + 2);
        assertThat(harness.storedRecords("street-lights")).hasSize(ROWS);
    }
}
