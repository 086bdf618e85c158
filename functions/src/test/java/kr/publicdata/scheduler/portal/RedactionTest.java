package kr.publicdata.scheduler.portal;

import com.github.tomakehurst.wiremock.WireMockServer;
import kr.publicdata.scheduler.local.SampleDataset;
import kr.publicdata.scheduler.testing.FetcherHarness;
import kr.publicdata.scheduler.testing.PortalStubs;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static kr.publicdata.scheduler.portal.ServiceKeyTest.ENCODED_KEY;
import static kr.publicdata.scheduler.portal.ServiceKeyTest.RAW_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The service key never appears in a log line or an exception, whatever happens: success, retries,
 * refusals. Logs are captured at DEBUG, where every request URL is logged.
 */
class RedactionTest {

    private WireMockServer portal;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;

    @BeforeEach
    void start() {
        portal = new WireMockServer(options().dynamicPort());
        portal.start();
        originalOut = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Configurator.setLevel("kr.publicdata.scheduler", Level.DEBUG);
    }

    @AfterEach
    void stop() {
        Configurator.setLevel("kr.publicdata.scheduler", Level.ERROR);
        System.setOut(originalOut);
        portal.stop();
    }

    @Test
    void fetch_successRetriesAndRefusal_neverRevealTheKey() {
        FetcherHarness harness = new FetcherHarness(portal).with("DATA_GO_KR_SERVICE_KEY", ENCODED_KEY);
        PortalStubs.serve(portal, FetcherHarness.source("cctv").endpoint(),
                SampleDataset.load("cctv", FetcherHarness.source("cctv").family(), "info"), 100);
        harness.runToCompletion("cctv", "run-ok", "full");

        portal.resetAll();
        portal.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503)));
        Throwable retried = catchThrowable(() -> harness.runToCompletion("cctv", "run-503", "full"));

        portal.resetAll();
        portal.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody(
                "<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg><returnAuthMsg>"
                        + "SERVICE_KEY_IS_NOT_REGISTERED_ERROR for " + RAW_KEY + "</returnAuthMsg><returnReasonCode>30"
                        + "</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>")));
        Throwable refused = catchThrowable(() -> harness.runToCompletion("cctv", "run-30", "full"));

        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).as("DEBUG logs were captured").contains("serviceKey=***");
        assertThat(retried).isInstanceOf(PortalException.Transient.class);
        assertThat(refused).isInstanceOf(PortalException.AccessDenied.class);
        for (String text : new String[] {logs, retried.getMessage(), refused.getMessage(), refused.toString()}) {
            assertThat(text).doesNotContain(RAW_KEY).doesNotContain(ENCODED_KEY)
                    .doesNotContain(RAW_KEY.substring(0, 20)).doesNotContain(ENCODED_KEY.substring(0, 20));
        }
    }

    @Test
    void redact_removesKeyParametersFromAnyUrl() {
        Redactor redactor = new Redactor().register(ServiceKey.of(RAW_KEY));

        assertThat(redactor.redact("http://x/api?serviceKey=abc%2Bdef&pageNo=1")).isEqualTo("http://x/api?serviceKey=***&pageNo=1");
        assertThat(redactor.redact("key " + RAW_KEY + " and " + ENCODED_KEY)).isEqualTo("key *** and ***");
    }
}
