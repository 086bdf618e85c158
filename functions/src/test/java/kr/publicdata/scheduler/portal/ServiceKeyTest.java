package kr.publicdata.scheduler.portal;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import kr.publicdata.scheduler.fetch.SourceResult;
import kr.publicdata.scheduler.local.SampleDataset;
import kr.publicdata.scheduler.testing.FetcherHarness;
import kr.publicdata.scheduler.testing.PortalStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** Service keys in either portal form reach the portal exactly as issued, encoded once. */
class ServiceKeyTest {

    /** Shaped like a real data.go.kr key: base64 with '+', '/' and '=' padding. */
    static final String RAW_KEY = "Xq3vP8+Lm2Rt/Zw9Ka7Bn4Cd6Ef+Gh1Ij5Kl0Mn/Op2Qr8St3Uv7Wx9Yz4Ab1Cd6Ef+Gh2Ij==";
    static final String ENCODED_KEY = RAW_KEY.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D");

    private WireMockServer portal;

    @BeforeEach
    void start() {
        portal = new WireMockServer(options().dynamicPort());
        portal.start();
    }

    @AfterEach
    void stop() {
        portal.stop();
    }

    @Test
    void of_decodingForm_keepsPlusSlashAndEquals() {
        assertThat(ServiceKey.of(RAW_KEY).raw()).isEqualTo(RAW_KEY);
        assertThat(ServiceKey.of(RAW_KEY).encoded()).isEqualTo(ENCODED_KEY);
    }

    @Test
    void of_encodingForm_isDecodedOnceWithoutTurningPlusIntoSpace() {
        assertThat(ServiceKey.of(ENCODED_KEY).raw()).isEqualTo(RAW_KEY);
        String lowerCaseEscapes = ENCODED_KEY.replace("%2B", "%2b").replace("%2F", "%2f").replace("%3D", "%3d");
        assertThat(ServiceKey.of(" " + lowerCaseEscapes + "\n").raw()).isEqualTo(RAW_KEY);
        assertThat(ServiceKey.of("abc+def%3D").raw()).isEqualTo("abc+def=");
    }

    @Test
    void toString_neverShowsTheKey() {
        assertThat(ServiceKey.of(RAW_KEY).toString()).doesNotContain(RAW_KEY).doesNotContain(ENCODED_KEY);
    }

    @ParameterizedTest(name = "configured in the {0} form")
    @ValueSource(strings = {"decoding", "encoding"})
    void fetch_keyInEitherForm_arrivesAtPortalExactlyAsIssued(String form) {
        SampleDataset data = SampleDataset.load("cctv", FetcherHarness.source("cctv").family(), "info");
        PortalStubs.serve(portal, FetcherHarness.source("cctv").endpoint(), data, 100);
        FetcherHarness harness = new FetcherHarness(portal)
                .with("DATA_GO_KR_SERVICE_KEY", form.equals("decoding") ? RAW_KEY : ENCODED_KEY);

        SourceResult result = harness.runToCompletion("cctv", "run-key", "full").result();

        List<LoggedRequest> requests = portal.findAll(anyRequestedFor(anyUrl()));
        assertThat(result.status()).isEqualTo("SUCCESS");
        assertThat(requests).isNotEmpty().allSatisfy(request -> {
            assertThat(request.getUrl()).contains("serviceKey=" + ENCODED_KEY + "&");
            assertThat(request.queryParameter("serviceKey").firstValue()).isEqualTo(RAW_KEY);
        });
    }

    @Test
    void uri_encodesFilterNamesAndValues() {
        SourceReader reader = new SourceReader(FetcherHarness.source("cctv"), null, ServiceKey.of(RAW_KEY), 1, 0,
                millis -> { });

        String uri = reader.uri("https://apis.data.go.kr/1741000/cctv_info/info", 2, 100,
                java.util.Map.of("cond[DAT_UPDT_PNT::GTE]", "20260101000000")).toString();

        assertThat(uri).isEqualTo("https://apis.data.go.kr/1741000/cctv_info/info?serviceKey=" + ENCODED_KEY
                + "&pageNo=2&numOfRows=100&returnType=JSON&cond%5BDAT_UPDT_PNT%3A%3AGTE%5D=20260101000000");
    }
}
