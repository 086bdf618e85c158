package kr.publicdata.scheduler.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import kr.publicdata.scheduler.local.SampleDataset;
import kr.publicdata.scheduler.testing.FetcherHarness;
import kr.publicdata.scheduler.testing.LocalRunner;
import kr.publicdata.scheduler.testing.PortalStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real workflow definition executed by the local interpreter through ./scheduler's runner, with the
 * real handlers, dynalite and fauxqs, against a WireMock portal serving the sample data.
 */
class WorkflowExecutionTest {

    private static final List<String> DAILY = List.of("cctv", "public-wifi", "public-toilets", "ev-chargers");
    private static final int PAGE_SIZE = 10;

    private WireMockServer portal;
    private LocalRunner runner;

    @BeforeEach
    void start() {
        portal = new WireMockServer(options().dynamicPort());
        portal.start();
        DAILY.forEach(this::serve);
        runner = new LocalRunner();
    }

    @AfterEach
    void stop() {
        portal.stop();
    }

    @Test
    void run_allSourcesSucceed_recordsSuccessThenUnchangedOnTheSecondRun() {
        LocalRunner.Result first = runner.run("run", "dailyDataUpdate", "--portal", portal.baseUrl());
        LocalRunner.Result second = runner.run("run", "dailyDataUpdate", "--portal", portal.baseUrl(), "--mode", "full");

        JsonNode record = first.record();
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(record.path("status").asText()).isEqualTo("SUCCESS");
        assertThat(record.path("trigger").asText()).isEqualTo("local");
        assertThat(record.path("result").path("created").asInt()).isEqualTo(35 + 35 + 34 + 30);
        assertThat(record.path("result").path("errors").asInt()).isZero();
        assertThat(record.path("durationMs").asLong()).isPositive();
        assertThat(record.path("sources")).extracting(s -> s.path("source").asText()).containsExactlyElementsOf(DAILY);
        assertThat(first.stderr()).contains("cctv").contains("SUCCESS");
        assertThat(second.record().path("result").path("unchanged").asInt()).isEqualTo(134);
        assertThat(second.record().path("result").path("created").asInt()).isZero();
        assertThat(runner.alerts()).isEmpty();
    }

    @Test
    void run_withoutAPortal_usesTheEmbeddedSamplePortalForEverySource() {
        LocalRunner.Result daily = runner.run("run", "dailyDataUpdate");
        LocalRunner.Result monthly = runner.run("run", "monthlyDataUpdate");

        assertThat(daily.exitCode()).as(daily.stderr()).isZero();
        assertThat(daily.record().path("result").path("created").asInt()).isEqualTo(35 + 35 + 34 + 30);
        assertThat(monthly.exitCode()).as(monthly.stderr()).isZero();
        assertThat(monthly.record().path("result").path("created").asInt()).isEqualTo(35 + 33 + 32 + 35);
        assertThat(portal.getAllServeEvents()).as("nothing reached the WireMock portal").isEmpty();
    }

    @Test
    void run_oneSourceFailsAfterRetries_isPartialWithOneAlertAndTheOthersSaved() {
        failAlways("cctv", aResponse().withStatus(503));

        LocalRunner.Result result = runner.run("run", "dailyDataUpdate", "--portal", portal.baseUrl());

        JsonNode cctv = result.source("cctv");
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.record().path("status").asText()).isEqualTo("PARTIAL");
        assertThat(cctv.path("status").asText()).isEqualTo("FAILED");
        assertThat(cctv.path("error").path("type").asText()).isEqualTo("TRANSIENT");
        assertThat(cctv.path("attempts").asInt()).as("1 + 3 workflow retries").isEqualTo(4);
        assertThat(cctv.path("retries").asInt()).as("3 invocation retries + 2 page retries in each of 4 attempts")
                .isEqualTo(3 + 4 * 2);
        assertThat(result.record().path("retryCount").asInt()).isEqualTo(11);
        assertThat(result.source("public-wifi").path("created").asInt()).isEqualTo(35);
        assertThat(runner.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.path("subject").asText()).isEqualTo("[PARTIAL] dailyDataUpdate: 1 of 4 sources failed (cctv)");
            assertThat(alert.path("message").asText()).contains("cctv: TRANSIENT (code HTTP 503)");
        });
    }

    @Test
    void run_everySourceFails_isFailed() {
        portal.resetAll();
        portal.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.anyUrl()).willReturn(aResponse().withStatus(500)));

        LocalRunner.Result result = runner.run("run", "dailyDataUpdate", "--portal", portal.baseUrl());

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(result.record().path("status").asText()).isEqualTo("FAILED");
        assertThat(result.record().path("result").path("errors").asInt()).isEqualTo(4);
        assertThat(result.record().path("errorMessage").asText()).startsWith("4 of 4 sources failed: ");
    }

    @Test
    void run_keyNotRegistered_failsThatSourceWithoutRetryAndAlertsNamingIt() {
        failAlways("cctv", aResponse().withStatus(200).withBody("<OpenAPI_ServiceResponse><cmmMsgHeader>"
                + "<errMsg>SERVICE ERROR</errMsg><returnAuthMsg>SERVICE_KEY_IS_NOT_REGISTERED_ERROR</returnAuthMsg>"
                + "<returnReasonCode>30</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>"));

        LocalRunner.Result result = runner.run("run", "dailyDataUpdate", "--portal", portal.baseUrl());

        JsonNode cctv = result.source("cctv");
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(cctv.path("attempts").asInt()).isEqualTo(1);
        assertThat(cctv.path("retries").asInt()).isZero();
        assertThat(cctv.path("apiCalls").asInt()).isEqualTo(1);
        assertThat(cctv.path("error").path("type").asText()).isEqualTo("ACCESS_DENIED");
        assertThat(cctv.path("error").path("code").asText()).isEqualTo("30");
        assertThat(result.record().path("errorMessage").asText()).isEqualTo("1 of 4 sources failed: cctv: key not "
                + "registered for this API (code 30): apply for this dataset on data.go.kr or check the key's encoding");
        assertThat(runner.alerts()).singleElement().satisfies(alert -> assertThat(alert.path("message").asText())
                .contains("cctv: ACCESS_DENIED (code 30)").contains("apply for this dataset on data.go.kr"));
    }

    @Test
    void run_fetcherTimesOut_isRetriedFromItsCursor() {
        String cctvPath = URI.create(FetcherHarness.source("cctv").endpoint()).getPath();
        portal.stubFor(get(urlPathEqualTo(cctvPath)).withQueryParam("pageNo", com.github.tomakehurst.wiremock.client.WireMock.equalTo("3"))
                .inScenario("slow").whenScenarioStateIs("Started").willSetStateTo("fast").atPriority(1)
                .willReturn(aResponse().withFixedDelay(15_000).withBody(sample("cctv").page(3, PAGE_SIZE))));
        // Generous against a busy machine: the first invocation (two pages) must fit, the slow page must not.
        runner.with("LOCAL_LAMBDA_TIMEOUT_SECONDS", "6").with("FETCH_MAX_PAGES_PER_INVOCATION", "2")
                .with("FETCH_TIME_RESERVE_SECONDS", "0");

        LocalRunner.Result result = runner.run("run", "dailyDataUpdate", "--sources", "cctv", "--portal", portal.baseUrl());

        JsonNode cctv = result.source("cctv");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).contains("attempt failed: Sandbox.Timedout: Task timed out after 6.00 seconds");
        assertThat(cctv.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(cctv.path("created").asInt()).isEqualTo(35);
        assertThat(cctv.path("unchanged").asInt()).isZero();
    }

    @Test
    void run_consoleDefaultInput_runsTheWholeJobAsConsole() {
        runner.with("SCHEDULER_RUN_INPUT", "{\"Comment\": \"Insert your JSON here\"}");

        LocalRunner.Result result = runner.run("run", "dailyDataUpdate", "--portal", portal.baseUrl());

        assertThat(result.record().path("trigger").asText()).isEqualTo("console");
        assertThat(result.record().path("sources")).hasSize(4);
        assertThat(result.record().path("status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void run_subset_runsOnlyTheNamedSources() {
        LocalRunner.Result result = runner.run("run", "dailyDataUpdate", "--sources", "ev-chargers,cctv",
                "--portal", portal.baseUrl());

        assertThat(result.record().path("sources")).extracting(s -> s.path("source").asText())
                .containsExactly("ev-chargers", "cctv");
    }

    @Test
    void run_unknownSourceInTheWorkflowInput_failsFastWithAClearMessageAndFreesTheLease() {
        runner.with("SCHEDULER_RUN_INPUT", "{\"sources\": [\"cctv\", \"nope\"]}");
        LocalRunner.Result result = runner.run("run", "dailyDataUpdate", "--portal", portal.baseUrl());
        runner.with("SCHEDULER_RUN_INPUT", "{\"trigger\": \"local\"}");
        LocalRunner.Result next = runner.run("run", "dailyDataUpdate", "--portal", portal.baseUrl());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.record().path("status").asText()).isEqualTo("FAILED");
        assertThat(result.record().path("errorMessage").asText()).contains("unknown source \"nope\"")
                .contains("valid sources are [cctv, public-wifi, public-toilets, ev-chargers]");
        assertThat(next.record().path("status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void run_unknownJobOrSourceOnTheCommandLine_isBadUsage() {
        LocalRunner.Result job = runner.run("run", "hourlyNothing");
        LocalRunner.Result source = runner.run("run", "dailyDataUpdate", "--sources", "street-lights");
        LocalRunner.Result option = runner.run("run", "dailyDataUpdate", "--fast");

        assertThat(job.exitCode()).isEqualTo(64);
        assertThat(job.stderr()).contains("valid jobs are dailyDataUpdate, parkingAvailabilityUpdate, weeklyDataUpdate, monthlyDataUpdate");
        assertThat(source.exitCode()).isEqualTo(64);
        assertThat(source.stderr()).contains("valid sources are cctv, public-wifi, public-toilets, ev-chargers");
        assertThat(option.exitCode()).isEqualTo(64);
    }

    @Test
    void run_bigSource_loopsOnItsCursorWithExactCounts() {
        runner.with("FETCH_MAX_PAGES_PER_INVOCATION", "1");

        LocalRunner.Result result = runner.run("run", "dailyDataUpdate", "--sources", "cctv", "--portal", portal.baseUrl());

        JsonNode cctv = result.source("cctv");
        assertThat(result.stderr()).contains("…page 2").contains("…page 3").contains("…page 4");
        assertThat(cctv.path("created").asInt()).isEqualTo(35);
        assertThat(cctv.path("attempts").asInt()).isEqualTo(1);
        assertThat(cctv.path("quality").path("duplicatesCollapsed").asInt()).isEqualTo(1);
    }

    @Test
    void run_whileAnotherRunHoldsTheLease_isSkippedAndTouchesNothing() {
        portal.stubFor(PortalStubs.pageRequest(FetcherHarness.source("cctv").endpoint(), sample("cctv").family(), 1,
                PAGE_SIZE).atPriority(1).willReturn(aResponse().withFixedDelay(15_000).withBody(sample("cctv").page(1, PAGE_SIZE))));
        Process first = runner.start("run", "dailyDataUpdate", "--sources", "cctv", "--portal", portal.baseUrl());
        waitForRunning();

        LocalRunner.Result overlapping = runner.run("run", "dailyDataUpdate", "--portal", portal.baseUrl());
        LocalRunner.Result firstResult = LocalRunner.finish(first);

        assertThat(overlapping.exitCode()).as(overlapping.stderr()).isEqualTo(3);
        assertThat(overlapping.record().path("status").asText()).isEqualTo("SKIPPED");
        assertThat(overlapping.record().path("sources")).isEmpty();
        assertThat(firstResult.record().path("status").asText()).isEqualTo("SUCCESS");
        assertThat(firstResult.record().path("result").path("created").asInt()).isEqualTo(35);
    }

    @Test
    void run_interrupted_marksTheRunFailedAndReleasesTheLease() throws Exception {
        String slowPath = URI.create(FetcherHarness.source("cctv").endpoint()).getPath();
        portal.stubFor(get(urlPathEqualTo(slowPath)).atPriority(1)
                .willReturn(aResponse().withFixedDelay(10_000).withBody(sample("cctv").page(1, PAGE_SIZE))));
        Process run = runner.start("run", "dailyDataUpdate", "--sources", "cctv", "--portal", portal.baseUrl());
        waitForRunning();

        new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor();
        LocalRunner.Result interrupted = LocalRunner.finish(run);
        portal.resetAll();
        DAILY.forEach(this::serve);
        LocalRunner.Result next = runner.run("run", "dailyDataUpdate", "--sources", "cctv", "--portal", portal.baseUrl());

        assertThat(interrupted.exitCode()).isEqualTo(1);
        assertThat(interrupted.record().path("status").asText()).isEqualTo("FAILED");
        assertThat(interrupted.record().path("errorMessage").asText()).startsWith("the workflow ended ABORTED");
        assertThat(runner.alerts()).anySatisfy(a -> assertThat(a.path("subject").asText()).startsWith("[FAILED] dailyDataUpdate"));
        assertThat(next.record().path("status").asText()).as("the lease was released").isEqualTo("SUCCESS");
    }

    @Test
    void run_repeatedFailure_alertsOnceInTheQuietPeriodThenOnceOnRecovery() {
        failAlways("cctv", aResponse().withStatus(200).withBody("{\"response\":{\"header\":{\"resultCode\":\"-4\","
                + "\"resultMsg\":\"등록되지 않은 인증키\"},\"body\":{\"items\":\"\"}}}"));
        runner.run("run", "dailyDataUpdate", "--sources", "cctv,public-wifi", "--portal", portal.baseUrl());
        runner.run("run", "dailyDataUpdate", "--sources", "cctv,public-wifi", "--portal", portal.baseUrl());
        portal.resetAll();
        DAILY.forEach(this::serve);
        LocalRunner.Result recovered = runner.run("run", "dailyDataUpdate", "--sources", "cctv,public-wifi", "--portal", portal.baseUrl());

        assertThat(recovered.record().path("status").asText()).isEqualTo("SUCCESS");
        assertThat(runner.alerts()).extracting(a -> a.path("subject").asText()).containsExactly(
                "[PARTIAL] dailyDataUpdate: 1 of 2 sources failed (cctv)",
                "[RECOVERED] dailyDataUpdate succeeded again");
    }

    private void waitForRunning() {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (!portal.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                    com.github.tomakehurst.wiremock.client.WireMock.anyUrl())).isEmpty()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("the first run never reached the portal");
    }

    private void failAlways(String source, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        String path = URI.create(FetcherHarness.source(source).endpoint()).getPath();
        portal.stubFor(get(urlPathEqualTo(path)).atPriority(1).willReturn(response));
    }

    private void serve(String source) {
        PortalStubs.serve(portal, FetcherHarness.source(source).endpoint(), sample(source), PAGE_SIZE);
    }

    private static SampleDataset sample(String source) {
        var definition = FetcherHarness.source(source);
        return SampleDataset.load(source, definition.family(), URI.create(definition.endpoint()).getPath().replaceAll(".*/", ""));
    }
}
