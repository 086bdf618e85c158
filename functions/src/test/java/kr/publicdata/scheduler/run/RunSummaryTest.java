package kr.publicdata.scheduler.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.store.RunBookkeeping;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The final record from the workflow's per-source results, including failures as AWS reports them. */
class RunSummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void record_failedSourceKeepsWhatItStoredAndTheBookkeepingsAttempts() throws Exception {
        JsonNode plan = JSON.readTree("{\"executionId\":\"arn:x\",\"jobName\":\"weeklyDataUpdate\",\"trigger\":\"schedule\","
                + "\"mode\":\"auto\",\"startTime\":\"2026-12-06T19:00:00Z\"}");
        JsonNode results = JSON.readTree("[{\"source\":\"street-lights\",\"status\":\"SUCCESS\",\"pull\":\"full\",\"complete\":true,"
                + "\"created\":5,\"updated\":1,\"unchanged\":10,\"removed\":2,\"invalid\":1,\"quality\":{\"coordinatesSwapped\":1},"
                + "\"apiCalls\":3,\"attempts\":1,\"retries\":0,\"warnings\":[]},"
                + "{\"source\":\"traffic-cameras\",\"status\":\"FAILED\",\"failure\":{\"Error\":\"Sandbox.Timedout\","
                + "\"Cause\":\"{\\\"errorMessage\\\":\\\"Task timed out after 900.00 seconds\\\",\\\"errorType\\\":\\\"Sandbox.Timedout\\\"}\"},"
                + "\"last\":{\"result\":{\"pull\":\"full\",\"created\":7,\"updated\":0,\"unchanged\":0,\"removed\":0,\"invalid\":0,"
                + "\"warnings\":[]}}}]");
        Map<String, RunBookkeeping.SourceUsage> usage = Map.of("traffic-cameras",
                new RunBookkeeping.SourceUsage(new RunBookkeeping.Attempts(4, 3, 2, 9, false), null));

        Map<String, Object> record = RunSummary.record(plan, results, usage, Instant.parse("2026-12-06T19:30:00Z"));

        assertThat(record).containsEntry("status", "PARTIAL").containsEntry("durationMs", 1_800_000L)
                .containsEntry("retryCount", 5);
        assertThat(record.get("result")).isEqualTo(Map.of("created", 12, "updated", 1, "unchanged", 10, "removed", 2,
                "invalid", 1, "errors", 1));
        assertThat(record.get("errorMessage")).isEqualTo("1 of 2 sources failed: traffic-cameras: the fetcher ran out of time"
                + " on every attempt (Timedout: Task timed out after 900.00 seconds): raise the source's Lambda timeout or"
                + " memory, or check the portal's response times");
        @SuppressWarnings("unchecked")
        Map<String, Object> cameras = ((List<Map<String, Object>>) record.get("sources")).get(1);
        assertThat(cameras).containsEntry("status", "FAILED").containsEntry("created", 7).containsEntry("attempts", 4)
                .containsEntry("retries", 5).containsEntry("apiCalls", 9).containsEntry("complete", false);
        assertThat((List<?>) cameras.get("warnings")).singleElement().asString().startsWith("incomplete pull");
        assertThat(record.get("warnings")).isEqualTo(List.of("traffic-cameras: incomplete pull: the source failed after"
                + " storing part of its data; nothing removed"));
    }

    @Test
    void causeMessage_readsAwsJsonCausesAndPlainText() {
        assertThat(RunSummary.causeMessage("{\"errorMessage\":\"boom\",\"errorType\":\"X\"}")).isEqualTo("boom");
        assertThat(RunSummary.causeMessage("The execution has timed out.")).isEqualTo("The execution has timed out.");
    }
}
