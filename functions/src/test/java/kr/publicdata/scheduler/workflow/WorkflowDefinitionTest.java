package kr.publicdata.scheduler.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.JobDefinition;
import kr.publicdata.scheduler.local.LocalFunctions;
import kr.publicdata.scheduler.portal.PortalErrorType;
import kr.publicdata.scheduler.testing.LocalDynamoDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The workflow file checked by asl-validator for every job, and for what the validator cannot see: each
 * Task's timeout, the fetcher's Retry per error class and its Catch, error names that really exist, and
 * placeholders that all have values (the same map CDK and the local runner use).
 */
class WorkflowDefinitionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Catalogue CATALOGUE = Catalogue.load();
    private static final String TEXT = WorkflowDefinition.read(LocalDynamoDb.projectRoot());
    private static final String PORTAL = "kr.publicdata.scheduler.portal.PortalException$";

    static Stream<JobDefinition> jobs() {
        return CATALOGUE.jobs().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void render_eachJob_passesAslValidator(JobDefinition job) throws Exception {
        Path rendered = Files.createTempFile(job.name(), ".asl.json");
        Files.writeString(rendered, WorkflowDefinition.render(TEXT, LocalFunctions.substitutions(job, job.sources(), "t")));

        Process validator = new ProcessBuilder("node", "node_modules/asl-validator/dist/bin/asl-validator.js",
                "--json-path", rendered.toString()).directory(LocalDynamoDb.projectRoot().toFile())
                .redirectErrorStream(true).start();
        String output = new String(validator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(validator.waitFor()).as(output).isZero();
        assertThat(output).contains("is valid");
    }

    @Test
    void placeholders_allHaveValuesAndEveryValueHasAPlaceholder() {
        JobDefinition job = CATALOGUE.jobs().getFirst();

        assertThat(WorkflowDefinition.placeholders(TEXT))
                .isEqualTo(LocalFunctions.substitutions(job, job.sources(), "t").keySet().stream()
                        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
        assertThatThrownBy(() -> WorkflowDefinition.render(TEXT, Map.of("JobName", "x")))
                .hasMessageContaining("do not match");
    }

    @Test
    void render_fillsTheJobsPartsFromTheCatalogue() throws IOException {
        JobDefinition weekly = CATALOGUE.job("weeklyDataUpdate").orElseThrow();

        JsonNode definition = JSON.readTree(WorkflowDefinition.render(TEXT, LocalFunctions.substitutions(weekly,
                weekly.sources(), "t")));

        JsonNode payload = definition.at("/States/PrepareRun/Parameters/Payload");
        assertThat(payload.path("jobName").asText()).isEqualTo("weeklyDataUpdate");
        assertThat(payload.path("jobSources").asText()).isEqualTo("street-lights,emergency-bells,traffic-cameras");
        assertThat(definition.at("/States/FetchSources/ItemProcessor/States/Fetch/Parameters/FunctionName.$").asText())
                .isEqualTo("States.Format('arn:aws:lambda:ap-northeast-2:000000000000:function:local-fetch-{}:live', $.source)");
    }

    @Test
    void everyTask_hasATimeoutOrIsAQuickServiceCall() throws IOException {
        for (Map.Entry<String, JsonNode> task : tasks(JSON.readTree(TEXT).path("States"))) {
            String resource = task.getValue().path("Resource").asText();
            if (resource.contains(":lambda:")) {
                assertThat(task.getValue().has("TimeoutSeconds")).as(task.getKey() + " sets TimeoutSeconds").isTrue();
            }
            assertThat(task.getValue().has("Retry")).as(task.getKey() + " retries transient service errors").isTrue();
        }
    }

    @Test
    void fetch_retriesEachErrorClassAsIntendedAndCatchesEverything() throws IOException {
        JsonNode fetch = JSON.readTree(TEXT).at("/States/FetchSources/ItemProcessor/States/Fetch");
        List<JsonNode> retriers = new ArrayList<>();
        fetch.path("Retry").forEach(retriers::add);

        for (PortalErrorType type : PortalErrorType.values()) {
            String name = PORTAL + className(type);
            JsonNode retrier = retrierFor(retriers, name);
            assertThat(retrier).as(name + " has a retrier").isNotNull();
            if (type.retryable()) {
                assertThat(retrier.path("MaxAttempts").asInt()).as(name).isPositive();
            } else {
                assertThat(retrier.path("MaxAttempts").asInt()).as(name + " is not retried").isZero();
            }
        }
        for (String name : List.of("Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
                "Lambda.TooManyRequestsException", "Lambda.ClientExecutionTimeoutException", "Lambda.Unknown",
                "Sandbox.Timedout", "States.Timeout", "kr.publicdata.scheduler.store.RecordStoreException")) {
            JsonNode retrier = retrierFor(retriers, name);
            assertThat(retrier).as(name + " is retried").isNotNull();
            assertThat(retrier.path("MaxAttempts").asInt()).as(name).isPositive();
        }
        for (JsonNode retrier : retriers) {
            if (retrier.path("MaxAttempts").asInt() > 0) {
                assertThat(retrier.path("BackoffRate").asDouble()).isGreaterThan(1);
                assertThat(retrier.path("MaxDelaySeconds").asInt()).isPositive();
                assertThat(retrier.path("JitterStrategy").asText()).isEqualTo("FULL");
            }
        }
        assertThat(retriers.getLast().path("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
        assertThat(fetch.path("Catch").get(0).path("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
        assertThat(fetch.path("Catch").get(0).path("Next").asText()).isEqualTo("SourceFailed");
        assertThat(fetch.path("TimeoutSeconds").asInt()).isGreaterThan(900);
    }

    @Test
    void errorNames_inTheDefinitionAreRealClasses() throws Exception {
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, JsonNode> task : tasks(JSON.readTree(TEXT).path("States"))) {
            task.getValue().path("Retry").forEach(r -> r.path("ErrorEquals").forEach(e -> names.add(e.asText())));
        }
        for (String name : names) {
            if (name.startsWith("kr.")) {
                assertThat(Class.forName(name)).as(name).isNotNull();
            }
        }
        assertThat(names).anyMatch(n -> n.startsWith(PORTAL));
    }

    private static String className(PortalErrorType type) {
        StringBuilder name = new StringBuilder();
        for (String part : type.name().split("_")) {
            name.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return switch (type) {
            case NO_SUCH_SERVICE -> "NoSuchService";
            default -> name.toString();
        };
    }

    private static JsonNode retrierFor(List<JsonNode> retriers, String name) {
        for (JsonNode retrier : retriers) {
            for (JsonNode error : retrier.path("ErrorEquals")) {
                if (error.asText().equals(name)) {
                    return retrier;
                }
            }
        }
        return null;
    }

    private static List<Map.Entry<String, JsonNode>> tasks(JsonNode states) {
        List<Map.Entry<String, JsonNode>> tasks = new ArrayList<>();
        for (Map.Entry<String, JsonNode> state : states.properties()) {
            if ("Task".equals(state.getValue().path("Type").asText())) {
                tasks.add(state);
            }
            if (state.getValue().has("ItemProcessor")) {
                tasks.addAll(tasks(state.getValue().path("ItemProcessor").path("States")));
            }
        }
        return tasks;
    }
}
