package kr.publicdata.scheduler.portal;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import kr.publicdata.scheduler.catalogue.Family;
import kr.publicdata.scheduler.catalogue.SourceDefinition;
import kr.publicdata.scheduler.testing.FetcherHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every outcome the portals really produce, in each family's envelope, classified as documented in
 * docs/public-data-sources.md: the error type (what Retry/Catch match), whether it is retried, and a
 * message naming the code, its meaning and what to do.
 */
class PortalErrorMatrixTest {

    private static final int MAX_ATTEMPTS = 3;
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

    @BeforeEach
    void reset() {
        portal.resetAll();
    }

    static Stream<Arguments> codes() {
        return Stream.of(
                Arguments.of("01", PortalErrorType.TRANSIENT),
                Arguments.of("02", PortalErrorType.TRANSIENT),
                Arguments.of("04", PortalErrorType.TRANSIENT),
                Arguments.of("05", PortalErrorType.TRANSIENT),
                Arguments.of("99", PortalErrorType.TRANSIENT),
                Arguments.of("10", PortalErrorType.BAD_REQUEST),
                Arguments.of("11", PortalErrorType.BAD_REQUEST),
                Arguments.of("12", PortalErrorType.NO_SUCH_SERVICE),
                Arguments.of("20", PortalErrorType.ACCESS_DENIED),
                Arguments.of("29", PortalErrorType.ACCESS_DENIED),
                Arguments.of("30", PortalErrorType.ACCESS_DENIED),
                Arguments.of("31", PortalErrorType.ACCESS_DENIED),
                Arguments.of("32", PortalErrorType.ACCESS_DENIED),
                Arguments.of("33", PortalErrorType.ACCESS_DENIED),
                Arguments.of("21", PortalErrorType.KEY_DISABLED),
                Arguments.of("22", PortalErrorType.QUOTA_EXCEEDED),
                Arguments.of("23", PortalErrorType.RATE_LIMITED));
    }

    static Stream<Arguments> codesInEveryFamily() {
        return codes().flatMap(code -> Stream.of("street-lights", "cctv", "earthquake-shelters",
                "ev-chargers", "parking-availability").map(source -> Arguments.of(source, code.get()[0], code.get()[1])));
    }

    @ParameterizedTest(name = "{0} code {1} -> {2}")
    @MethodSource("codesInEveryFamily")
    void page_whenPortalReturnsCode_classifiesAndRetriesOnlyRetryable(String sourceId, String code,
                                                                     PortalErrorType expected) {
        serveAlways(aResponse().withStatus(200).withBody(envelope(FetcherHarness.source(sourceId).family(), code)));
        SourceReader reader = reader(sourceId);

        PortalException error = catchThrowableOfType(PortalException.class, () -> reader.page(1, Map.of()));

        assertClassified(error, expected, code);
        assertThat(reader.apiCalls()).isEqualTo(expected.retryable() ? MAX_ATTEMPTS : 1);
    }

    @ParameterizedTest(name = "family B code {0} -> {1}")
    @CsvSource({"-1, TRANSIENT", "-2, BAD_REQUEST", "-3, NO_SUCH_SERVICE", "-4, ACCESS_DENIED", "-5, TRANSIENT",
            "-9, NO_SUCH_SERVICE", "-10, QUOTA_EXCEEDED", "-11, BAD_REQUEST", "-999, TRANSIENT"})
    void page_whenFamilyBReturnsNegativeCode_classifiesLikeItsTwin(String code, PortalErrorType expected) {
        serveAlways(aResponse().withStatus(200).withBody(envelope(Family.B, code)));

        PortalException error = catchThrowableOfType(PortalException.class, () -> reader("cctv").page(1, Map.of()));

        assertClassified(error, expected, code);
    }

    @ParameterizedTest(name = "XML envelope code {0} on HTTP 200 -> {1}")
    @CsvSource({"30, SERVICE_KEY_IS_NOT_REGISTERED_ERROR, ACCESS_DENIED",
            "22, LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR, QUOTA_EXCEEDED",
            "12, NO_OPENAPI_SERVICE_ERROR, NO_SUCH_SERVICE",
            "31, DEADLINE_HAS_EXPIRED_ERROR, ACCESS_DENIED"})
    void page_whenGatewayAnswersXmlOnHttp200_classifiesItsReasonCode(String code, String authMessage,
                                                                     PortalErrorType expected) {
        serveAlways(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(xmlEnvelope(code, authMessage)));

        PortalException error = catchThrowableOfType(PortalException.class, () -> reader("cctv").page(1, Map.of()));

        assertClassified(error, expected, code);
    }

    @Test
    void page_whenKeyNotRegistered_messageSaysWhatToDo() {
        serveAlways(aResponse().withStatus(200).withBody(xmlEnvelope("30", "SERVICE_KEY_IS_NOT_REGISTERED_ERROR")));

        PortalException error = catchThrowableOfType(PortalException.class, () -> reader("cctv").page(1, Map.of()));

        assertThat(error.getMessage()).isEqualTo(
                "key not registered for this API (code 30): apply for this dataset on data.go.kr or check the key's encoding");
    }

    @Test
    void page_whenGatewayErrorComesAsJson_classifiesIt() {
        serveAlways(aResponse().withStatus(200).withBody("{\"OpenAPI_ServiceResponse\":{\"cmmMsgHeader\":{"
                + "\"errMsg\":\"SERVICE ERROR\",\"returnAuthMsg\":\"SERVICE_KEY_IS_NOT_REGISTERED_ERROR\","
                + "\"returnReasonCode\":\"30\"}}}"));

        PortalException error = catchThrowableOfType(PortalException.class, () -> reader("cctv").page(1, Map.of()));

        assertClassified(error, PortalErrorType.ACCESS_DENIED, "30");
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({"401, ACCESS_DENIED", "403, ACCESS_DENIED", "404, NO_SUCH_SERVICE", "429, RATE_LIMITED",
            "500, TRANSIENT", "502, TRANSIENT", "503, TRANSIENT", "400, BAD_REQUEST"})
    void page_whenHttpStatusIsNotOk_classifiesIt(int status, PortalErrorType expected) {
        serveAlways(aResponse().withStatus(status).withBody("Unauthorized"));

        PortalException error = catchThrowableOfType(PortalException.class, () -> reader("cctv").page(1, Map.of()));

        assertClassified(error, expected, "HTTP " + status);
    }

    @Test
    void page_whenHttp401CarriesXmlEnvelope_prefersItsCode() {
        serveAlways(aResponse().withStatus(401).withBody(xmlEnvelope("32", "UNREGISTERED_IP_ERROR")));

        PortalException error = catchThrowableOfType(PortalException.class, () -> reader("cctv").page(1, Map.of()));

        assertClassified(error, PortalErrorType.ACCESS_DENIED, "32");
        assertThat(error.meaning()).contains("IP address is not registered");
    }

    @Test
    void page_whenBodyIsEmpty_isRetryableNotTheEndOfData() {
        serveAlways(aResponse().withStatus(200).withBody(""));
        SourceReader reader = reader("cctv");

        PortalException error = catchThrowableOfType(PortalException.class, () -> reader.page(1, Map.of()));

        assertThat(error).isInstanceOf(PortalException.Transient.class);
        assertThat(error.getMessage()).contains("empty body");
        assertThat(reader.apiCalls()).isEqualTo(MAX_ATTEMPTS);
    }

    @Test
    void page_whenJsonIsMalformed_isRetryable() {
        serveAlways(aResponse().withStatus(200).withBody("{\"response\":{\"header\":{\"resultCode\":\"0\""));

        PortalException error = catchThrowableOfType(PortalException.class, () -> reader("cctv").page(1, Map.of()));

        assertThat(error).isInstanceOf(PortalException.Transient.class);
        assertThat(error.getMessage()).contains("malformed JSON");
    }

    @Test
    void page_whenHtmlRequestBlockedPage_isRetryableAndQuoted() {
        serveAlways(aResponse().withStatus(200).withBody("<html><body>Request Blocked</body></html>"));

        PortalException error = catchThrowableOfType(PortalException.class, () -> reader("cctv").page(1, Map.of()));

        assertThat(error).isInstanceOf(PortalException.Transient.class);
        assertThat(error.getMessage()).contains("Request Blocked");
    }

    @Test
    void page_whenPortalTimesOut_isRetryable() {
        serveAlways(aResponse().withStatus(200).withFixedDelay(1500).withBody(envelope(Family.B, "0")));
        SourceReader reader = new SourceReader(FetcherHarness.source("cctv").with(portal.baseUrl()
                + "/1741000/cctv_info/info", 10), new PortalClient(Duration.ofSeconds(1), Duration.ofMillis(300),
                new Redactor()), null, 2, 0, millis -> { });

        PortalException error = catchThrowableOfType(PortalException.class, () -> reader.page(1, Map.of()));

        assertThat(error).isInstanceOf(PortalException.Transient.class);
        assertThat(error.getMessage()).contains("did not answer");
        assertThat(reader.apiCalls()).isEqualTo(2);
    }

    @Test
    void page_whenConnectionIsReset_isRetryable() {
        serveAlways(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        PortalException error = catchThrowableOfType(PortalException.class, () -> reader("cctv").page(1, Map.of()));

        assertThat(error).isInstanceOf(PortalException.Transient.class);
        assertThat(error.getMessage()).contains("network error");
    }

    @Test
    void page_whenNoData_isAnEmptyPage() {
        serveAlways(aResponse().withStatus(200).withBody(envelope(Family.A, "03")));

        PortalPage page = reader("street-lights").page(1, Map.of());

        assertThat(page.rows()).isEmpty();
    }

    @Test
    void page_whenTransientThenOk_succeedsAfterOneRetry() {
        portal.stubFor(get(anyUrl()).inScenario("flaky").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        portal.stubFor(get(anyUrl()).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(envelope(Family.B, "0"))));
        SourceReader reader = reader("cctv");

        PortalPage page = reader.page(1, Map.of());

        assertThat(page.totalCount()).isZero();
        assertThat(reader.apiCalls()).isEqualTo(2);
        assertThat(reader.retries()).isEqualTo(1);
    }

    @ParameterizedTest(name = "items as {0}")
    @CsvSource(delimiter = '|', value = {
            "a list|{\"response\":{\"header\":{\"resultCode\":\"00\"},\"body\":{\"items\":[{\"a\":\"1\"},{\"a\":\"2\"}],\"totalCount\":\"2\"}}}|2|2",
            "item list|{\"response\":{\"header\":{\"resultCode\":\"00\"},\"body\":{\"items\":{\"item\":[{\"a\":\"1\"}]},\"totalCount\":1}}}|1|1",
            "one item object|{\"response\":{\"header\":{\"resultCode\":\"00\"},\"body\":{\"items\":{\"item\":{\"a\":\"1\"}},\"totalCount\":\"1\"}}}|1|1",
            "empty string|{\"response\":{\"header\":{\"resultCode\":\"00\"},\"body\":{\"items\":\"\",\"totalCount\":0}}}|0|0",
            "missing|{\"response\":{\"header\":{\"resultCode\":\"00\"},\"body\":{\"totalCount\":\"0\"}}}|0|0",
            "no response wrapper|{\"header\":{\"resultCode\":\"00\"},\"body\":{\"items\":{\"item\":[{\"a\":\"1\"}]},\"totalCount\":\"1\"}}|1|1"})
    void parse_acceptsEveryItemsShapeAndCountType(String shape, String body, int rows, long total) {
        PortalPage page = ResponseAdapter.forFamily(Family.A).parse(body, "x");

        assertThat(page.rows()).hasSize(rows);
        assertThat(page.totalCount()).isEqualTo(total);
    }

    @Test
    void parse_kotsaSingleRowObjectAndAbsentArray() {
        ResponseAdapter kotsa = ResponseAdapter.forFamily(Family.KOTSA);

        PortalPage one = kotsa.parse("{\"resultCode\":\"0\",\"totalCount\":\"1\",\"PrkRealtimeInfo\":{\"prk_center_id\":\"1\"}}",
                "PrkRealtimeInfo");
        PortalPage none = kotsa.parse("{\"resultCode\":\"0\",\"totalCount\":0}", "PrkRealtimeInfo");

        assertThat(one.rows()).extracting(r -> r.get("prk_center_id")).containsExactly("1");
        assertThat(none.rows()).isEmpty();
    }

    private static void assertClassified(PortalException error, PortalErrorType expected, String code) {
        assertThat(error).as("classified error").isNotNull();
        assertThat(error.type()).isEqualTo(expected);
        assertThat(error.retryable()).isEqualTo(expected.retryable());
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.errorName()).startsWith("kr.publicdata.scheduler.portal.PortalException$");
        assertThat(error.getMessage()).contains("(code " + code + "): ").doesNotEndWith(": ");
    }

    private static void serveAlways(ResponseDefinitionBuilder response) {
        portal.stubFor(get(anyUrl()).willReturn(response));
    }

    private static SourceReader reader(String sourceId) {
        SourceDefinition source = FetcherHarness.source(sourceId);
        String path = java.net.URI.create(source.endpoint()).getPath();
        return new SourceReader(source.with(portal.baseUrl() + path, 10),
                new PortalClient(Duration.ofSeconds(1), Duration.ofSeconds(2), new Redactor()), null, MAX_ATTEMPTS, 0,
                millis -> { });
    }

    private static String xmlEnvelope(String code, String authMessage) {
        return "<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg><returnAuthMsg>" + authMessage
                + "</returnAuthMsg><returnReasonCode>" + code + "</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>";
    }

    /** A result code in the family's own envelope, with no rows. */
    static String envelope(Family family, String code) {
        return switch (family) {
            case A -> "{\"response\":{\"header\":{\"resultCode\":\"" + code + "\",\"resultMsg\":\"ERROR\"},\"body\":{\"items\":[],\"totalCount\":\"0\"}}}";
            case B -> "{\"response\":{\"body\":{\"items\":\"\",\"totalCount\":0},\"header\":{\"resultCode\":\"" + code + "\",\"resultMsg\":\"오류\"}}}";
            case C -> "{\"header\":{\"resultMsg\":\"ERROR\",\"resultCode\":\"" + code + "\",\"errorMsg\":null},\"totalCount\":0,\"body\":[]}";
            case KECO -> "{\"resultCode\":\"" + code + "\",\"resultMsg\":\"ERROR\",\"totalCount\":0,\"items\":\"\"}";
            case KOTSA -> "{\"resultCode\":\"" + code + "\",\"resultMsg\":\"ERROR\",\"totalCount\":0}";
            case GEOJSON -> "{\"header\":{\"resultCode\":\"" + code + "\"},\"features\":[]}";
        };
    }
}
