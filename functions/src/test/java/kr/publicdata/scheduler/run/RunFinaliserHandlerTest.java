package kr.publicdata.scheduler.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.testing.LocalDynamoDb;
import kr.publicdata.scheduler.testing.LocalSns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run finaliser on a Step Functions status-change event (events/eventbridge), against the dynalite
 * and fauxqs emulators: a run left RUNNING becomes FAILED with the reason, the lease is released, one
 * alert is sent, and a repeated event changes and sends nothing.
 */
class RunFinaliserHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXECUTION = "arn:aws:states:ap-northeast-2:123456789012:execution:pdus-prod-dailyDataUpdate:5b1c0a3e-9d1f-4f7a-8b57-3c2d1e0f9a84";

    private final DynamoDbClient dynamo = LocalDynamoDb.client();
    private String table;
    private RunStore runs;
    private RunFinaliserHandler handler;

    @BeforeEach
    void start() {
        table = LocalDynamoDb.createExecutionsTable(dynamo);
        runs = new RunStore(dynamo, table);
        handler = new RunFinaliserHandler(Catalogue.load(), runs, LocalSns.sns(), LocalSns.topicArn(), Duration.ofHours(6),
                Clock.fixed(Instant.parse("2026-12-05T07:00:00Z"), ZoneOffset.UTC));
        LocalSns.drain();
    }

    @Test
    void handleRequest_timedOutRunLeftRunning_isMarkedFailedOnceWithOneAlert() throws IOException {
        Map<String, Object> running = ExecutionRecord.started(EXECUTION, "dailyDataUpdate", "schedule", null, "auto",
                "2026-12-04T18:00:00Z");
        running.put("sources", List.of(Map.of("source", "cctv", "status", "RETRYING")));
        dynamo.putItem(b -> b.tableName(table).item(DynamoJson.attributes(running)));
        dynamo.putItem(b -> b.tableName(table).item(Map.of("executionId", AttributeValue.fromS("_lease#dailyDataUpdate"),
                "holder", AttributeValue.fromS(EXECUTION), "leaseUntil", AttributeValue.fromS("2026-12-04T22:00:00Z"))));

        JsonNode first = invoke();
        JsonNode again = invoke();

        Map<String, Object> record = runs.record(EXECUTION);
        assertThat(first.path("changed").asBoolean()).isTrue();
        assertThat(again.path("changed").asBoolean()).isFalse();
        assertThat(record).containsEntry("status", "FAILED").containsEntry("trigger", "schedule")
                .containsEntry("endTime", "2026-12-05T06:00:00Z").containsEntry("durationMs", 43_200_000L)
                .containsEntry("errorMessage", "the workflow ended TIMED_OUT with States.Timeout: The execution has timed out.");
        assertThat(record.get("sources")).isEqualTo(List.of(Map.of("source", "cctv", "status", "RETRYING")));
        assertThat(runs.record("_lease#dailyDataUpdate")).as("lease released").isNull();
        assertThat(LocalSns.drain()).singleElement().satisfies(n -> {
            assertThat(n.path("Subject").asText()).isEqualTo("[FAILED] dailyDataUpdate: the run did not finish");
            assertThat(n.path("Message").asText()).contains("the workflow ended TIMED_OUT")
                    .contains("Console:   https://ap-northeast-2.console.aws.amazon.com/states/home?region=ap-northeast-2#/v2/executions/details/" + EXECUTION);
        });
    }

    @Test
    void handleRequest_runAlreadyFinal_changesNothingAndAlertsNothing() throws IOException {
        Map<String, Object> done = ExecutionRecord.started(EXECUTION, "dailyDataUpdate", "schedule", null, "auto",
                "2026-12-04T18:00:00Z");
        done.put("status", "SUCCESS");
        dynamo.putItem(b -> b.tableName(table).item(DynamoJson.attributes(done)));

        JsonNode result = invoke();

        assertThat(result.path("changed").asBoolean()).isFalse();
        assertThat(runs.record(EXECUTION)).containsEntry("status", "SUCCESS");
        assertThat(LocalSns.drain()).isEmpty();
    }

    @Test
    void handleRequest_runNeverRecorded_isRecordedFailed() throws IOException {
        JsonNode result = invoke();

        assertThat(result.path("changed").asBoolean()).isTrue();
        assertThat(runs.record(EXECUTION)).containsEntry("status", "FAILED").containsEntry("jobName", "dailyDataUpdate")
                .containsEntry("startTime", "2026-12-04T18:00:00Z");
    }

    private JsonNode invoke() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = getClass().getResourceAsStream("/events/eventbridge/execution-timed-out.json")) {
            handler.handleRequest(in, out, null);
        }
        return JSON.readTree(out.toByteArray());
    }
}
