package kr.publicdata.scheduler.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.Catalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Any input a run can start with, read as the contract says (trigger, mode, sources), and bad ones refused. */
class RunPlannerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String START = "2026-12-05T03:00:00.123Z";
    private final RunPlanner planner = new RunPlanner(Catalogue.load());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "events/schedule/dailyDataUpdate.json|schedule|auto",
            "events/console/default-input.json|console|auto",
            "events/console/empty-input.json|console|auto",
            "events/console/full-refresh-input.json|console|full"})
    void plan_sampleInputs_runTheWholeJob(String event, String trigger, String mode) throws IOException {
        Map<String, Object> plan = plan(read(event));

        assertThat(plan.get("trigger")).isEqualTo(trigger);
        assertThat(plan.get("mode")).isEqualTo(mode);
        assertThat(plan.get("requestedBy")).isNull();
        assertThat((List<?>) plan.get("sources")).hasSize(4);
    }

    @Test
    void plan_manualSubset_keepsTheCallerAndTheOrder() throws IOException {
        Map<String, Object> plan = plan(JSON.readTree("{\"trigger\":\"manual\",\"requestedBy\":\"user-7\","
                + "\"sources\":[\"ev-chargers\",\"cctv\",\"cctv\"],\"mode\":\"incremental\"}"));

        assertThat(plan.get("requestedBy")).isEqualTo("user-7");
        assertThat(plan.get("sources")).isEqualTo(List.of(Map.of("source", "ev-chargers", "index", 0),
                Map.of("source", "cctv", "index", 1)));
        assertThat(plan.get("mode")).isEqualTo("incremental");
    }

    @Test
    void plan_leaseAndRecordItems_areDynamoDbTypedJson() throws IOException {
        Map<String, Object> plan = plan(JSON.readTree("{}"));

        assertThat(plan.get("leaseItem")).isEqualTo(Map.of(
                "executionId", Map.of("S", "_lease#dailyDataUpdate"),
                "holder", Map.of("S", "arn:exec"),
                "leaseUntil", Map.of("S", "2026-12-05T07:00:00.123Z"),
                "acquiredAt", Map.of("S", START)));
        @SuppressWarnings("unchecked")
        Map<String, Object> running = (Map<String, Object>) plan.get("runningItem");
        assertThat(running).containsEntry("status", Map.of("S", "RUNNING"))
                .containsEntry("startTime", Map.of("S", START)).containsEntry("jobName", Map.of("S", "dailyDataUpdate"));
        assertThat(running.keySet()).containsExactly("executionId", "jobName", "status", "trigger", "requestedBy", "mode",
                "startTime", "endTime", "durationMs", "result", "retryCount", "errorMessage", "warnings", "sources");
    }

    @Test
    void plan_disabledSource_isRefusedSayingSo() {
        assertThatThrownBy(() -> planner.plan("dailyDataUpdate", "cctv,public-wifi", "arn:exec", START,
                JSON.readTree("{\"sources\":[\"ev-chargers\"]}")))
                .isInstanceOf(InvalidRunInputException.class)
                .hasMessage("unknown source \"ev-chargers\": it is disabled in this deployment; valid sources are [cctv, public-wifi]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"sources\":[\"nope\"]}|unknown source \"nope\": it is not a source of dailyDataUpdate",
            "{\"sources\":\"cctv\"}|sources must be a non-empty list",
            "{\"sources\":[]}|sources must be a non-empty list",
            "{\"sources\":[7]}|unknown source 7",
            "{\"mode\":\"fast\"}|mode must be one of [auto, full, incremental], not \"fast\""})
    void plan_invalidInput_failsFast(String input, String message) {
        assertThatThrownBy(() -> plan(JSON.readTree(input)))
                .isInstanceOf(InvalidRunInputException.class).hasMessageContaining(message);
    }

    private Map<String, Object> plan(JsonNode input) {
        return planner.plan("dailyDataUpdate", "cctv,public-wifi,public-toilets,ev-chargers", "arn:exec", START, input);
    }

    private static JsonNode read(String resource) throws IOException {
        try (var in = RunPlannerTest.class.getResourceAsStream("/" + resource)) {
            return JSON.readTree(in);
        }
    }
}
