package kr.publicdata.scheduler.fetch;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import kr.publicdata.scheduler.testing.FetcherHarness;
import kr.publicdata.scheduler.testing.PortalStubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.lambda.powertools.metrics.MetricsFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The Lambda handler driven by the sample inputs in events/fetcher: the output is the record's source entry. */
class FetchSourceHandlerTest {

    private WireMockServer portal;
    private FetcherHarness harness;

    @BeforeEach
    void start() {
        portal = new WireMockServer(options().dynamicPort());
        portal.start();
        harness = new FetcherHarness(portal).with("SOURCE_PAGE_SIZE_CCTV", "10")
                .with("SOURCE_PAGE_SIZE_STREET_LIGHTS", "10").with("FETCH_MAX_PAGES_PER_INVOCATION", "2");
        PortalStubs.serve(portal, FetcherHarness.source("cctv").endpoint(), SourcePullTest.sample("cctv"), 10);
        PortalStubs.serve(portal, FetcherHarness.source("street-lights").endpoint(),
                SourcePullTest.sample("street-lights"), 10);
    }

    @AfterEach
    void stop() {
        portal.stop();
    }

    @Test
    void handleRequest_firstInvocation_answersWithTheSourceEntryAndACursor() throws IOException {
        JsonNode output = invoke("/events/fetcher/cctv-first-invocation.json");

        assertThat(fieldNames(output)).containsExactly("source", "status", "pull", "complete", "created", "updated",
                "unchanged", "removed", "invalid", "quality", "apiCalls", "attempts", "retries", "error", "warnings",
                "cursor");
        assertThat(output.get("source").asText()).isEqualTo("cctv");
        assertThat(output.get("status").asText()).isEqualTo("RUNNING");
        assertThat(output.get("created").asInt()).isEqualTo(20);
        assertThat(output.get("cursor").get("page").asInt()).isEqualTo(3);
        assertThat(fieldNames(output.get("quality"))).containsExactly("coordinatesSwapped", "locationMissing",
                "duplicatesCollapsed", "rowsDropped");
    }

    @Test
    void handleRequest_continuation_resumesFromTheCursorAndKeepsRunningTotals() throws IOException {
        JsonNode output = invoke("/events/fetcher/street-lights-continue.json");

        assertThat(output.get("status").asText()).isEqualTo("RUNNING");
        assertThat(output.get("created").asInt()).as("20 carried over + pages 3 and 4").isEqualTo(40);
        assertThat(output.get("cursor").get("step").asInt()).isEqualTo(2);
        assertThat(output.get("cursor").get("page").asInt()).isEqualTo(5);
    }

    private JsonNode invoke(String event) throws IOException {
        FetchSourceHandler handler = new FetchSourceHandler(harness.fetcher(), MetricsFactory.getMetricsInstance());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = getClass().getResourceAsStream(event)) {
            handler.handleRequest(in, out, new TestContext());
        }
        return FetchSourceHandler.JSON.readTree(out.toByteArray());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    /** The Lambda context a real invocation would pass (a plain value object, not an AWS service). */
    private static final class TestContext implements Context {
        @Override public String getAwsRequestId() { return "test-request"; }
        @Override public String getLogGroupName() { return "/aws/lambda/fetcher"; }
        @Override public String getLogStreamName() { return "test"; }
        @Override public String getFunctionName() { return "fetcher"; }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:ap-northeast-2:123456789012:function:fetcher:live"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 900_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}
