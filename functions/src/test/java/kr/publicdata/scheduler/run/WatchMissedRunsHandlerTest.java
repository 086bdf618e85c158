package kr.publicdata.scheduler.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.testing.LocalDynamoDb;
import kr.publicdata.scheduler.testing.RecordingMetrics;
import kr.publicdata.scheduler.testing.RecordingMetrics.Flush;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The watchdog against an executions table in dynalite, at 2026-03-01 11:01 KST (a Sunday and the 1st, so all
 * four jobs are past a deadline): what it reads through the byJob index, the metrics it publishes per job and
 * what it answers.
 */
class WatchMissedRunsHandlerTest {

    /** 2026-03-01 11:01 KST. */
    private static final Instant NOW = Instant.parse("2026-03-01T02:01:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DynamoDbClient dynamo = LocalDynamoDb.client();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private String table;
    private WatchMissedRunsHandler handler;

    @BeforeEach
    void start() {
        table = LocalDynamoDb.createExecutionsTable(dynamo);
        handler = new WatchMissedRunsHandler(Catalogue.load(), new RunStore(dynamo, table), metrics,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void handleRequest_publishesRunOverdueAndHoursSinceLastSuccessPerJob() throws IOException {
        // Daily: this morning's 03:00 KST run succeeded at 03:40 KST.
        put("daily-1", "dailyDataUpdate", "SUCCESS", "2026-02-28T18:00:00.120Z", "2026-02-28T18:40:00Z");
        // Hourly: 45 failed runs since its last success (more than two pages), which finished two days ago.
        put("hourly-ok", "parkingAvailabilityUpdate", "SUCCESS", "2026-02-27T00:05:00Z", "2026-02-27T00:07:00Z");
        for (int i = 0; i < 45; i++) {
            Instant start = Instant.parse("2026-02-27T01:05:00Z").plusSeconds(3600L * i);
            put("hourly-" + i, "parkingAvailabilityUpdate", "FAILED", start.toString(), start.plusSeconds(60).toString());
        }
        // Weekly: this morning's run finished PARTIAL at 09:00 KST.
        put("weekly-1", "weeklyDataUpdate", "PARTIAL", "2026-02-28T19:00:00Z", "2026-03-01T00:00:00Z");
        // Monthly: never ran. A lease item (no startTime, so not in the index) must not confuse it.
        dynamo.putItem(b -> b.tableName(table).item(Map.of("executionId", AttributeValue.fromS("_lease#monthlyDataUpdate"),
                "holder", AttributeValue.fromS("x"), "leaseUntil", AttributeValue.fromS("2026-03-01T06:00:00Z"))));

        JsonNode answer = invoke();

        Map<String, Flush> byJob = metrics.flushes().stream()
                .collect(Collectors.toMap(f -> f.dimensions().get("job"), f -> f));
        assertThat(byJob).hasSize(4);
        assertThat(metrics.flushes()).allSatisfy(f -> {
            assertThat(f.namespace()).isEqualTo("PublicDataScheduler");
            assertThat(f.dimensions()).containsOnlyKeys("job");
        });
        assertThat(byJob.get("dailyDataUpdate").values()).containsEntry("RunOverdue", 0.0);
        assertThat(byJob.get("dailyDataUpdate").values().get("HoursSinceLastSuccess")).isCloseTo(7 + 21 / 60.0, within(1e-9));
        assertThat(byJob.get("parkingAvailabilityUpdate").values()).containsEntry("RunOverdue", 1.0)
                .containsEntry("HoursSinceLastSuccess", 49.9);
        assertThat(byJob.get("weeklyDataUpdate").values()).containsEntry("RunOverdue", 0.0);
        assertThat(byJob.get("weeklyDataUpdate").values().get("HoursSinceLastSuccess")).isCloseTo(2 + 1 / 60.0, within(1e-9));
        assertThat(byJob.get("monthlyDataUpdate").values()).as("never ran: overdue, no hours")
                .containsOnlyKeys("RunOverdue").containsEntry("RunOverdue", 1.0);

        assertThat(answer.path("checkedAt").asText()).isEqualTo("2026-03-01T02:01:00Z");
        JsonNode hourly = answer.path("jobs").get(1);
        assertThat(hourly.path("job").asText()).isEqualTo("parkingAvailabilityUpdate");
        assertThat(hourly.path("overdue").asBoolean()).isTrue();
        assertThat(hourly.path("dueAt").asText()).isEqualTo("2026-03-01T10:05+09:00");
        assertThat(hourly.path("deadline").asText()).isEqualTo("2026-03-01T01:55:00Z");
        assertThat(hourly.path("lastSuccessAt").asText()).isEqualTo("2026-02-27T00:07:00Z");
        JsonNode monthly = answer.path("jobs").get(3);
        assertThat(monthly.path("overdue").asBoolean()).isTrue();
        assertThat(monthly.path("lastSuccessAt").isNull()).isTrue();
    }

    @Test
    void handleRequest_whenTheTableCannotBeRead_publishesNothingAndFails() {
        WatchMissedRunsHandler broken = new WatchMissedRunsHandler(Catalogue.load(),
                new RunStore(dynamo, "no-such-table"), metrics, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> broken.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("missed-run check failed for dailyDataUpdate, parkingAvailabilityUpdate, weeklyDataUpdate, "
                        + "monthlyDataUpdate");
        assertThat(metrics.flushes()).as("silence, which each job's alarm treats as overdue").isEmpty();
    }

    private void put(String id, String job, String status, String start, String end) {
        Map<String, Object> record = ExecutionRecord.started(id, job, "schedule", null, "auto", start);
        record.put("status", status);
        record.put("endTime", end);
        dynamo.putItem(b -> b.tableName(table).item(DynamoJson.attributes(record)));
    }

    private JsonNode invoke() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out, null);
        return JSON.readTree(out.toByteArray());
    }
}
