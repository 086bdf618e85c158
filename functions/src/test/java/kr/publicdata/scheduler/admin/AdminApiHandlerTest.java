package kr.publicdata.scheduler.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.run.DynamoJson;
import kr.publicdata.scheduler.store.RunBookkeeping;
import kr.publicdata.scheduler.store.SourceState;
import kr.publicdata.scheduler.testing.LocalDynamoDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin API driven by the API Gateway sample events in {@code events/api/}, with dynalite holding the
 * history and WireMock standing in for the Step Functions API (JSON 1.0 over HTTP).
 */
class AdminApiHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "arn:aws:states:ap-northeast-2:123456789012:stateMachine:";
    private static final String START = "AWSStepFunctions.StartExecution";
    private static final String LIST = "AWSStepFunctions.ListExecutions";
    private static final Instant NOW = Instant.parse("2026-12-05T01:00:00Z");

    private final Catalogue catalogue = Catalogue.load();
    private final DynamoDbClient dynamo = LocalDynamoDb.client();
    private WireMockServer stepFunctions;
    private SfnClient sfn;
    private String executionsTable;
    private String recordsTable;

    @BeforeEach
    void start() {
        stepFunctions = new WireMockServer(options().dynamicPort());
        stepFunctions.start();
        sfn = SfnClient.builder().endpointOverride(URI.create(stepFunctions.baseUrl())).region(Region.AP_NORTHEAST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        executionsTable = LocalDynamoDb.createExecutionsTable(dynamo);
        recordsTable = LocalDynamoDb.createRecordsTable(dynamo);
        nothingRunning();
        stepFunctions.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(START)).willReturn(json(200,
                "{\"executionArn\": \"arn:aws:states:ap-northeast-2:123456789012:execution:dailyDataUpdate:manual-1\","
                        + " \"startDate\": 1796432400.123}")));
    }

    @AfterEach
    void stop() {
        stepFunctions.stop();
        sfn.close();
    }

    @Test
    void handleRequest_whenSuperAdminTriggers_startsTheWorkflowAndAnswers202() throws IOException {
        JsonNode response = invoke(event("trigger-admin.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(202);
        JsonNode body = body(response);
        assertThat(body.path("executionArn").asText()).endsWith(":execution:dailyDataUpdate:manual-1");
        assertThat(body.path("jobName").asText()).isEqualTo("dailyDataUpdate");
        assertThat(body.path("startTime").asText()).isEqualTo("2026-12-05T01:00:00.123Z");
        JsonNode start = JSON.readTree(stepFunctions.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(START))).getFirst().getBodyAsString());
        assertThat(start.path("stateMachineArn").asText()).isEqualTo(PREFIX + "dailyDataUpdate");
        assertThat(JSON.readTree(start.path("input").asText())).isEqualTo(JSON.readTree(
                "{\"trigger\": \"manual\", \"requestedBy\": \"7d8e3f1a-admin-0001\", \"sources\": [\"cctv\", \"public-wifi\"], \"mode\": \"full\"}"));
        JsonNode list = JSON.readTree(stepFunctions.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(LIST))).getFirst().getBodyAsString());
        assertThat(list.path("statusFilter").asText()).isEqualTo("RUNNING");
        assertThat(list.path("stateMachineArn").asText()).isEqualTo(PREFIX + "dailyDataUpdate");
    }

    @Test
    void handleRequest_withoutBody_runsEveryEnabledSourceInAutoMode() throws IOException {
        JsonNode response = invoke(event("trigger-admin-no-body.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(202);
        assertThat(JSON.readTree(startRequest().path("input").asText()))
                .isEqualTo(JSON.readTree("{\"trigger\": \"manual\", \"requestedBy\": \"7d8e3f1a-admin-0001\"}"));
    }

    @Test
    void handleRequest_whenGroupsArriveAsTheHttpApiListString_acceptsTheAdmin() throws IOException {
        assertThat(invoke(event("trigger-list-claim.json")).path("statusCode").asInt()).isEqualTo(202);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[\"operators\", \"SUPER_ADMIN\"]", "\"[operators SUPER_ADMIN]\"", "\"SUPER_ADMIN\"",
            "\"operators,SUPER_ADMIN\"", "\"[\\\"SUPER_ADMIN\\\"]\""})
    void handleRequest_acceptsEveryRealFormOfTheGroupsClaim(String claim) throws IOException {
        ObjectNode event = event("trigger-admin-no-body.json");
        claims(event).set("cognito:groups", JSON.readTree(claim));

        assertThat(invoke(event).path("statusCode").asInt()).as(claim).isEqualTo(202);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"[operators]\"", "\"[SUPER_ADMINS]\"", "\"super_admin\"", "{\"SUPER_ADMIN\": true}", "42",
            "\"[\"", "\"\"", "null", "[1, 2]"})
    void handleRequest_whenGroupsClaimIsOtherOrMalformed_answers403(String claim) throws IOException {
        ObjectNode event = event("trigger-admin-no-body.json");
        claims(event).set("cognito:groups", JSON.readTree(claim));

        JsonNode response = invoke(event);

        assertThat(response.path("statusCode").asInt()).as(claim).isEqualTo(403);
        assertThat(stepFunctions.getAllServeEvents()).isEmpty();
    }

    @Test
    void handleRequest_whenCallerIsNotSuperAdmin_answers403AndStartsNothing() throws IOException {
        JsonNode response = invoke(event("trigger-non-admin.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(403);
        assertThat(body(response).path("message").asText()).contains("SUPER_ADMIN");
        assertThat(stepFunctions.getAllServeEvents()).isEmpty();
    }

    @Test
    void handleRequest_whenTokenHasNoGroupsClaim_answers403() throws IOException {
        assertThat(invoke(event("trigger-no-groups-claim.json")).path("statusCode").asInt()).isEqualTo(403);
        assertThat(stepFunctions.getAllServeEvents()).isEmpty();
    }

    @Test
    void handleRequest_whenNoAuthorizerVerifiedAToken_answers401() throws IOException {
        ObjectNode event = event("trigger-admin.json");
        ((ObjectNode) event.get("requestContext")).remove("authorizer");

        assertThat(invoke(event).path("statusCode").asInt()).isEqualTo(401);
    }

    @Test
    void handleRequest_withConfiguredClaimAndGroup_usesThem() throws IOException {
        ObjectNode event = event("trigger-admin-no-body.json");
        claims(event).put("custom:roles", "[ops root]");
        AdminConfig custom = new AdminConfig(executionsTable, recordsTable, PREFIX, "custom:roles", "root", Map.of());

        JsonNode response = invoke(new AdminApiHandler(catalogue, custom, sfn, dynamo, Clock.systemUTC()), event);

        assertThat(response.path("statusCode").asInt()).isEqualTo(202);
    }

    @Test
    void handleRequest_whenJobIsUnknown_answers400ListingTheValidJobs() throws IOException {
        JsonNode response = invoke(event("trigger-unknown-job.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        assertThat(body(response).path("message").asText()).startsWith("Invalid job name \"hourlyUpdate\"")
                .contains("dailyDataUpdate", "parkingAvailabilityUpdate", "weeklyDataUpdate", "monthlyDataUpdate");
        assertThat(stepFunctions.getAllServeEvents()).isEmpty();
    }

    @Test
    void handleRequest_whenBodyIsMalformedJson_answers400() throws IOException {
        JsonNode response = invoke(event("trigger-malformed-json.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        assertThat(body(response).path("message").asText()).startsWith("body is not valid JSON");
        assertThat(stepFunctions.getAllServeEvents()).isEmpty();
    }

    @Test
    void handleRequest_whenBodyHasWrongTypes_answers400SayingWhich() throws IOException {
        JsonNode response = invoke(event("trigger-wrong-types.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        assertThat(body(response).path("message").asText()).contains("mode must be \"full\" or \"incremental\", not 1");
        assertThat(bodyMessage("{\"sources\": \"cctv\"}")).startsWith("sources must be a non-empty list");
        assertThat(bodyMessage("{\"sources\": []}")).startsWith("sources must be a non-empty list");
        assertThat(bodyMessage("{\"sources\": [1]}")).startsWith("sources must be source ids (strings), not 1");
        assertThat(bodyMessage("{\"mode\": \"auto\"}")).contains("mode must be");
        assertThat(bodyMessage("[\"cctv\"]")).startsWith("body must be a JSON object");
        assertThat(bodyMessage("{\"source\": [\"cctv\"]}")).startsWith("unknown field \"source\"");
        assertThat(stepFunctions.getAllServeEvents()).isEmpty();
    }

    @Test
    void handleRequest_whenSourceIsUnknown_answers400ListingTheJobsSources() throws IOException {
        JsonNode response = invoke(event("trigger-unknown-source.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        assertThat(body(response).path("message").asText())
                .isEqualTo("unknown source \"street-lights\": it is not a source of dailyDataUpdate; valid sources are "
                        + "[cctv, public-wifi, public-toilets, ev-chargers]");
    }

    @Test
    void handleRequest_whenSourceIsDisabledByJobSources_answers400SayingSo() throws IOException {
        AdminConfig config = new AdminConfig(executionsTable, recordsTable, PREFIX, "cognito:groups", "SUPER_ADMIN",
                AdminConfig.enabledSources("{\"dailyDataUpdate\": [\"cctv\", \"public-wifi\"]}", catalogue));
        ObjectNode event = event("trigger-admin.json");
        event.put("body", "{\"sources\": [\"ev-chargers\"]}");

        JsonNode response = invoke(new AdminApiHandler(catalogue, config, sfn, dynamo, Clock.systemUTC()), event);

        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        assertThat(body(response).path("message").asText()).contains("is disabled in this deployment");
    }

    @Test
    void handleRequest_whenBodyIsOversized_answers400() throws IOException {
        ObjectNode event = event("trigger-admin.json");
        event.put("body", "{\"sources\": [\"cctv\"], \"mode\": \"full\"" + " ".repeat(5000) + "}");

        JsonNode response = invoke(event);

        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        assertThat(body(response).path("message").asText()).startsWith("body too large");
        assertThat(stepFunctions.getAllServeEvents()).isEmpty();
    }

    @Test
    void handleRequest_whenBodyIsBase64Encoded_decodesIt() throws IOException {
        ObjectNode event = event("trigger-admin.json");
        event.put("body", java.util.Base64.getEncoder().encodeToString("{\"mode\": \"incremental\"}".getBytes()));
        event.put("isBase64Encoded", true);

        assertThat(invoke(event).path("statusCode").asInt()).isEqualTo(202);
        assertThat(startRequest().path("input").asText()).contains("\"mode\":\"incremental\"");
    }

    @Test
    void handleRequest_whenJobIsAlreadyRunning_answers409NamingTheRun() throws IOException {
        String running = "arn:aws:states:ap-northeast-2:123456789012:execution:dailyDataUpdate:sched-7";
        stepFunctions.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(LIST)).willReturn(json(200,
                "{\"executions\": [{\"executionArn\": \"" + running + "\", \"stateMachineArn\": \"" + PREFIX
                        + "dailyDataUpdate\", \"name\": \"sched-7\", \"status\": \"RUNNING\", \"startDate\": 1796428800}]}")));

        JsonNode response = invoke(event("trigger-admin.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(409);
        assertThat(body(response).path("message").asText()).contains("dailyDataUpdate is already running", running);
        assertThat(body(response).path("executionArn").asText()).isEqualTo(running);
        assertThat(stepFunctions.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(START)))).isEmpty();
    }

    @Test
    void handleRequest_whenWorkflowIsMissing_answers500WithoutInternals() throws IOException {
        stepFunctions.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(LIST)).willReturn(json(400,
                "{\"__type\": \"com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist\", \"message\": \"State Machine Does Not Exist: '"
                        + PREFIX + "dailyDataUpdate'\"}")));

        JsonNode response = invoke(event("trigger-admin.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(500);
        assertThat(body(response).path("message").asText()).isEqualTo("the workflow of dailyDataUpdate is not deployed; see the API's logs");
    }

    @Test
    void handleRequest_whenStepFunctionsFails_answers503() throws IOException {
        stepFunctions.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(START)).willReturn(json(400,
                "{\"__type\": \"ExecutionLimitExceeded\", \"message\": \"limit\"}")));

        assertThat(invoke(event("trigger-admin.json")).path("statusCode").asInt()).isEqualTo(503);
    }

    @Test
    void handleRequest_listJobs_showsSchedulesNextRunsLastRunAndSourceFreshness() throws IOException {
        saveRun("dailyDataUpdate", "2026-12-03T18:00:00Z", "SUCCESS");
        saveRun("dailyDataUpdate", "2026-12-04T18:00:00Z", "PARTIAL");
        new RunBookkeeping(dynamo, recordsTable).saveState("cctv",
                new SourceState(null, null, 0, 0, "2026-12-04T18:01:02Z"));

        JsonNode response = invoke(event("list-jobs.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode jobs = body(response).path("jobs");
        assertThat(jobs).hasSize(4);
        JsonNode daily = jobs.get(0);
        assertThat(daily.path("jobName").asText()).isEqualTo("dailyDataUpdate");
        assertThat(daily.path("schedule").asText()).isEqualTo("cron(0 3 * * ? *)");
        assertThat(daily.path("timeZone").asText()).isEqualTo("Asia/Seoul");
        assertThat(daily.path("nextRuns")).extracting(JsonNode::asText).containsExactly(
                "2026-12-06T03:00:00+09:00", "2026-12-07T03:00:00+09:00", "2026-12-08T03:00:00+09:00");
        assertThat(daily.path("lastRun").path("status").asText()).isEqualTo("PARTIAL");
        assertThat(daily.path("lastRun").path("startTime").asText()).isEqualTo("2026-12-04T18:00:00Z");
        assertThat(daily.path("lastRun").path("durationMs").asLong()).isEqualTo(61_000);
        assertThat(daily.path("lastRun").path("result").path("created").asInt()).isEqualTo(3);
        assertThat(daily.path("sources").get(0).path("source").asText()).isEqualTo("cctv");
        assertThat(daily.path("sources").get(0).path("lastSuccessAt").asText()).isEqualTo("2026-12-04T18:01:02Z");
        assertThat(daily.path("sources").get(1).path("lastSuccessAt").isNull()).isTrue();
        assertThat(jobs.get(1).path("lastRun").isNull()).isTrue();
    }

    @Test
    void handleRequest_listExecutions_pagesNewestFirstWithACursor() throws IOException {
        saveRun("dailyDataUpdate", "2026-12-02T18:00:00Z", "SUCCESS");
        saveRun("dailyDataUpdate", "2026-12-03T18:00:00Z", "FAILED");
        saveRun("dailyDataUpdate", "2026-12-04T18:00:00Z", "SUCCESS");
        saveRun("weeklyDataUpdate", "2026-12-04T19:00:00Z", "SUCCESS");

        JsonNode first = body(invoke(event("list-executions.json")));

        assertThat(first.path("executions")).extracting(e -> e.path("startTime").asText())
                .containsExactly("2026-12-04T18:00:00Z", "2026-12-03T18:00:00Z");
        assertThat(first.path("nextCursor").isTextual()).isTrue();
        ObjectNode next = event("list-executions.json");
        ((ObjectNode) next.get("queryStringParameters")).put("cursor", first.path("nextCursor").asText());
        JsonNode second = body(invoke(next));
        assertThat(second.path("executions")).extracting(e -> e.path("startTime").asText())
                .containsExactly("2026-12-02T18:00:00Z");
        assertThat(second.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void handleRequest_listExecutions_defaultsToTenAndRefusesBadLimitsAndCursors() throws IOException {
        for (int day = 1; day <= 12; day++) {
            saveRun("dailyDataUpdate", String.format("2026-11-%02dT18:00:00Z", day), "SUCCESS");
        }
        ObjectNode event = event("list-executions.json");
        event.remove("queryStringParameters");
        assertThat(body(invoke(event)).path("executions")).hasSize(10);

        for (String limit : List.of("0", "101", "ten", "-1")) {
            assertThat(invoke(withQuery("limit", limit)).path("statusCode").asInt()).as(limit).isEqualTo(400);
        }
        for (String cursor : List.of("not-base64!", "e30", "eyJqb2JOYW1lIjoid2Vla2x5RGF0YVVwZGF0ZSJ9")) {
            JsonNode response = invoke(withQuery("cursor", cursor));
            assertThat(response.path("statusCode").asInt()).as(cursor).isEqualTo(400);
            assertThat(body(response).path("message").asText()).startsWith("cursor is not one this API gave out");
        }
    }

    @Test
    void handleRequest_whenRouteOrMethodIsWrong_answers404Or405() throws IOException {
        ObjectNode wrongMethod = event("list-jobs.json");
        ((ObjectNode) wrongMethod.path("requestContext").path("http")).put("method", "DELETE");
        assertThat(invoke(wrongMethod).path("statusCode").asInt()).isEqualTo(405);
        ObjectNode unknown = event("list-jobs.json");
        unknown.put("rawPath", "/admin/secrets");
        assertThat(invoke(unknown).path("statusCode").asInt()).isEqualTo(404);
    }

    @Test
    void enabledSources_refusesUnknownJobsAndSources() {
        assertThatThrownBy(() -> AdminConfig.enabledSources("{\"nightly\": []}", catalogue)).hasMessageContaining("unknown job nightly");
        assertThatThrownBy(() -> AdminConfig.enabledSources("{\"dailyDataUpdate\": [\"street-lights\"]}", catalogue))
                .hasMessageContaining("\"street-lights\" is not a source of dailyDataUpdate");
        assertThat(AdminConfig.enabledSources("{\"dailyDataUpdate\": \"cctv, ev-chargers\"}", catalogue))
                .containsEntry("dailyDataUpdate", List.of("cctv", "ev-chargers"));
    }

    private String bodyMessage(String body) throws IOException {
        ObjectNode event = event("trigger-admin.json");
        event.put("body", body);
        JsonNode response = invoke(event);
        assertThat(response.path("statusCode").asInt()).as(body).isEqualTo(400);
        return body(response).path("message").asText();
    }

    private ObjectNode withQuery(String name, String value) throws IOException {
        ObjectNode event = event("list-executions.json");
        ((ObjectNode) event.get("queryStringParameters")).put(name, value);
        return event;
    }

    private void saveRun(String job, String startTime, String status) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("executionId", "arn:aws:states:ap-northeast-2:123456789012:execution:" + job + ":" + startTime);
        record.put("jobName", job);
        record.put("status", status);
        record.put("trigger", "schedule");
        record.put("startTime", startTime);
        record.put("endTime", Instant.parse(startTime).plusSeconds(61).toString());
        record.put("durationMs", 61_000);
        record.put("result", Map.of("created", 3, "updated", 0, "unchanged", 0, "removed", 0, "invalid", 0, "errors", 0));
        dynamo.putItem(b -> b.tableName(executionsTable).item(DynamoJson.attributes(record)));
    }

    private void nothingRunning() {
        stepFunctions.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(LIST))
                .willReturn(json(200, "{\"executions\": []}")));
    }

    private JsonNode startRequest() throws IOException {
        return JSON.readTree(stepFunctions.findAll(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(START))).getFirst().getBodyAsString());
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body);
    }

    private static ObjectNode claims(ObjectNode event) {
        return (ObjectNode) event.path("requestContext").path("authorizer").path("jwt").path("claims");
    }

    static ObjectNode event(String name) throws IOException {
        try (InputStream in = AdminApiHandlerTest.class.getResourceAsStream("/events/api/" + name)) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private JsonNode invoke(JsonNode event) throws IOException {
        AdminConfig config = new AdminConfig(executionsTable, recordsTable, PREFIX, "cognito:groups", "SUPER_ADMIN", Map.of());
        return invoke(new AdminApiHandler(catalogue, config, sfn, dynamo, Clock.fixed(NOW, ZoneOffset.UTC)), event);
    }

    private static JsonNode invoke(AdminApiHandler handler, JsonNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out, null);
        JsonNode response = JSON.readTree(out.toByteArray());
        assertThat(response.path("headers").path("Content-Type").asText()).isEqualTo("application/json");
        return response;
    }

    private static JsonNode body(JsonNode response) throws IOException {
        return JSON.readTree(response.path("body").asText());
    }
}
