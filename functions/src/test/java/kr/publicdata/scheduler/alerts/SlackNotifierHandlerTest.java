package kr.publicdata.scheduler.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import kr.publicdata.scheduler.run.AlertMessage;
import kr.publicdata.scheduler.run.AlertPolicy;
import kr.publicdata.scheduler.testing.LocalDynamoDb;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The Slack notifier against WireMock standing in for Slack's incoming webhook and for Secrets Manager's
 * JSON API, with dynalite holding the idempotency items. Every log line is captured (at DEBUG) to check
 * that the webhook URL never appears in it.
 */
class SlackNotifierHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOOK_PATH = "/services/T0LOCAL01/B0LOCAL02/s3cr3tW3bh00kT0k3nXYZ";
    private static final String SECRET_TARGET = "secretsmanager.GetSecretValue";

    private final DynamoDbClient dynamo = LocalDynamoDb.client();
    private final List<Duration> sleeps = new ArrayList<>();
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private WireMockServer wiremock;
    private SecretsManagerClient secrets;
    private String table;
    private SlackNotifierHandler handler;

    @BeforeEach
    void start() {
        originalOut = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Configurator.setLevel("kr.publicdata.scheduler", Level.DEBUG);
        wiremock = new WireMockServer(options().dynamicPort());
        wiremock.start();
        wiremock.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(SECRET_TARGET)).willReturn(aResponse()
                .withHeader("Content-Type", "application/x-amz-json-1.1").withBody("{\"ARN\": \"arn:aws:secretsmanager:"
                        + "ap-northeast-2:123456789012:secret:slack-webhook-AbCdEf\", \"Name\": \"slack-webhook\", "
                        + "\"SecretString\": \"{\\\"webhookUrl\\\": \\\"" + webhookUrl() + "\\\"}\"}")));
        secrets = SecretsManagerClient.builder().endpointOverride(URI.create(wiremock.baseUrl()))
                .region(Region.AP_NORTHEAST_2).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        table = LocalDynamoDb.createExecutionsTable(dynamo);
        handler = handler(4, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        Configurator.setLevel("kr.publicdata.scheduler", Level.ERROR);
        System.setOut(originalOut);
        wiremock.stop();
        secrets.close();
    }

    @Test
    void handleRequest_whenSlackAccepts_postsOneBlockKitMessageAndRemembersIt() throws IOException {
        slackAnswers(200, "ok");

        invoke(event("run-alert-partial.json"));

        JsonNode posted = posts().getFirst();
        assertThat(posted.path("text").asText()).isEqualTo("[PARTIAL] dailyDataUpdate: 1 of 4 sources failed (ev-chargers)");
        assertThat(posted.path("blocks").get(0).path("text").path("text").asText())
                .isEqualTo(":large_orange_circle: [PARTIAL] dailyDataUpdate: 1 of 4 sources failed (ev-chargers)");
        assertThat(posted.path("blocks").get(1).path("fields")).extracting(f -> f.path("text").asText())
                .containsExactly("*Job*\ndailyDataUpdate", "*Status*\nPARTIAL", "*Trigger*\nschedule",
                        "*Started*\n2026-12-05 03:00:01 KST", "*Duration*\n2m 14s");
        String all = posted.toString();
        assertThat(all).contains("ev-chargers: AccessDenied (code 30)", "What to do: apply for this dataset",
                "• public-wifi: totalCount fell", "Totals: created 12, updated 340",
                "\"url\":\"https://ap-northeast-2.console.aws.amazon.com/states/home?region=ap-northeast-2#/v2/executions/details/");
        Map<String, AttributeValue> item = idempotencyItem("95df01b4-ee98-5cb9-9903-4c221d41eb5e");
        assertThat(item.get("state").s()).isEqualTo("posted");
        assertThat(Long.parseLong(item.get("expiresAt").n())).isGreaterThan(System.currentTimeMillis() / 1000 + 86_400);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void handleRequest_when429WithRetryAfter_waitsAsToldThenPosts() throws IOException {
        slackAnswersInTurn(aResponse().withStatus(429).withHeader("Retry-After", "3").withBody("rate_limited"),
                aResponse().withStatus(200).withBody("ok"));

        invoke(event("run-alert-partial.json"));

        wiremock.verify(exactly(2), postRequestedFor(urlEqualTo(HOOK_PATH)));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void handleRequest_whenRetryAfterIsLongerThanTheBound_givesUpLoudlyWithoutWaiting() throws IOException {
        slackAnswers(429, "rate_limited", "Retry-After", "600");

        Throwable failure = catchThrowable(() -> invoke(event("run-alert-partial.json")));

        assertThat(failure).isInstanceOf(SlackDeliveryException.class).hasMessageContaining("asked to wait 600 s");
        assertThat(sleeps).isEmpty();
        assertThat(idempotencyItem("95df01b4-ee98-5cb9-9903-4c221d41eb5e")).isEmpty();
    }

    @Test
    void handleRequest_when5xxThenSuccess_retriesWithBackoff() throws IOException {
        slackAnswersInTurn(aResponse().withStatus(503), aResponse().withStatus(500).withBody("internal_error"),
                aResponse().withStatus(200).withBody("ok"));

        invoke(event("run-alert-partial.json"));

        wiremock.verify(exactly(3), postRequestedFor(urlEqualTo(HOOK_PATH)));
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(sleeps.get(1)).isLessThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void handleRequest_when5xxPersists_givesUpAfterTheBoundAndLetsTheRetryPost() throws IOException {
        slackAnswers(503, "");

        Throwable failure = catchThrowable(() -> invoke(event("run-alert-partial.json")));

        assertThat(failure).isInstanceOf(SlackDeliveryException.class)
                .hasMessage("gave up posting to Slack after 4 attempts; last answer: HTTP 503");
        wiremock.verify(exactly(4), postRequestedFor(urlEqualTo(HOOK_PATH)));
        assertThat(idempotencyItem("95df01b4-ee98-5cb9-9903-4c221d41eb5e")).as("claim released").isEmpty();

        wiremock.resetRequests();
        slackAnswers(200, "ok");
        invoke(event("run-alert-partial.json"));
        wiremock.verify(exactly(1), postRequestedFor(urlEqualTo(HOOK_PATH)));
    }

    @Test
    void handleRequest_whenSlackAnswersAPermanent4xx_logsAConfigurationErrorAndDoesNotRetry() throws IOException {
        slackAnswers(404, "no_service");

        Throwable failure = catchThrowable(() -> invoke(event("run-alert-partial.json")));

        assertThat(failure).isInstanceOf(SlackDeliveryException.class).hasMessageContaining("HTTP 404 (no_service)")
                .hasMessageContaining("check the webhook secret");
        wiremock.verify(exactly(1), postRequestedFor(urlEqualTo(HOOK_PATH)));
        assertThat(sleeps).isEmpty();
        assertThat(logs()).contains("a configuration error").contains("HTTP 404 (no_service)");
    }

    @Test
    void handleRequest_whenTheSameMessageArrivesTwice_postsOnce() throws IOException {
        slackAnswers(200, "ok");

        invoke(event("run-alert-partial.json"));
        invoke(event("run-alert-partial.json"));

        wiremock.verify(exactly(1), postRequestedFor(urlEqualTo(HOOK_PATH)));
        assertThat(logs()).contains("was already posted to Slack");
    }

    @Test
    void handleRequest_whenAnEarlierAttemptDiedWhilePosting_failsLoudlyWithoutPosting() throws IOException {
        slackAnswers(200, "ok");
        new SlackDeliveries(dynamo, table, Clock.systemUTC()).claim("95df01b4-ee98-5cb9-9903-4c221d41eb5e");

        Throwable failure = catchThrowable(() -> invoke(event("run-alert-partial.json")));

        assertThat(failure).isInstanceOf(SlackDeliveryException.class).hasMessageContaining("may already be in Slack");
        wiremock.verify(exactly(0), postRequestedFor(urlEqualTo(HOOK_PATH)));
    }

    @Test
    void handleRequest_withACloudWatchAlarm_rendersItReadably() throws IOException {
        slackAnswers(200, "ok");

        invoke(event("alarm-schedule-dlq.json"));

        JsonNode posted = posts().getFirst();
        assertThat(posted.path("text").asText()).isEqualTo("ALARM: public-data-scheduler-schedule-dlq-not-empty");
        assertThat(posted.path("blocks").get(0).path("text").path("text").asText())
                .isEqualTo(":rotating_light: ALARM: public-data-scheduler-schedule-dlq-not-empty");
        assertThat(posted.toString()).contains("A schedule could not start its job", "*State*\\nOK → ALARM",
                "*Since*\\n2026-12-05 03:05:12 KST", "*Reason*\\nThreshold Crossed", "AWS/SQS ApproximateNumberOfMessagesVisible",
                "https://ap-northeast-2.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-2#alarmsV2:alarm/public-data-scheduler-schedule-dlq-not-empty")
                .doesNotContain("\"AlarmName\"");
    }

    @Test
    void render_readsTheBodyThatAlertMessageWrites() {
        Map<String, Object> record = new java.util.LinkedHashMap<>();
        record.put("executionId", "arn:aws:states:ap-northeast-2:123456789012:execution:weeklyDataUpdate:run-9");
        record.put("jobName", "weeklyDataUpdate");
        record.put("status", "FAILED");
        record.put("trigger", "manual");
        record.put("requestedBy", "ops-admin");
        record.put("startTime", "2026-12-06T19:00:00Z");
        record.put("durationMs", 5_000);
        record.put("errorMessage", "the workflow ended TIMED_OUT");
        record.put("warnings", List.of());
        record.put("sources", List.of());
        AlertMessage.Alert alert = AlertMessage.of(AlertPolicy.Kind.PROBLEM, record);

        String rendered = SlackMessage.render(alert.subject(), alert.message()).toString();

        assertThat(rendered).contains(":red_circle: [FAILED] weeklyDataUpdate: the run did not finish",
                "*Trigger*\nmanual by ops-admin", "*Reason*\nthe workflow ended TIMED_OUT",
                "url=https://ap-northeast-2.console.aws.amazon.com/states/home");
    }

    @Test
    void handleRequest_neverRevealsTheWebhookUrl_andReadsTheSecretOnce() throws IOException {
        slackAnswers(200, "ok");
        invoke(event("run-alert-partial.json"));
        invoke(event("alarm-schedule-dlq.json"));
        wiremock.resetRequests();
        slackAnswers(500, "oops " + webhookUrl());
        Throwable gaveUp = catchThrowable(() -> invoke(withMessageId("m-500")));
        slackAnswers(403, "invalid_token " + HOOK_PATH);
        Throwable refused = catchThrowable(() -> invoke(withMessageId("m-403")));
        wiremock.stop();
        Throwable unreachable = catchThrowable(() -> invoke(withMessageId("m-down")));

        assertThat(logs()).contains("posted to Slack", "gave up posting to Slack", "a configuration error", "network error");
        for (String text : List.of(logs(), gaveUp.toString(), refused.toString(), unreachable.toString())) {
            assertThat(text).doesNotContain(HOOK_PATH).doesNotContain("s3cr3tW3bh00kT0k3nXYZ").doesNotContain("B0LOCAL02");
        }
        assertThat(unreachable).isInstanceOf(SlackDeliveryException.class);
    }

    @Test
    void secretRead_once_acrossInvocations() throws IOException {
        slackAnswers(200, "ok");

        invoke(event("run-alert-partial.json"));
        invoke(withMessageId("another"));

        wiremock.verify(exactly(1), postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(SECRET_TARGET)));
        wiremock.verify(exactly(2), postRequestedFor(urlEqualTo(HOOK_PATH)));
    }

    private SlackNotifierHandler handler(int attempts, Duration maxRetryAfter) {
        SlackPoster poster = new SlackPoster(HttpClient.newHttpClient(), sleeps::add, () -> 0.99, attempts,
                Duration.ofSeconds(1), maxRetryAfter);
        return new SlackNotifierHandler(new SlackWebhook(secrets, "slack-webhook", Clock.systemUTC(), Duration.ofMinutes(15)),
                poster, new SlackDeliveries(dynamo, table, Clock.systemUTC()));
    }

    private String webhookUrl() {
        return wiremock.baseUrl() + HOOK_PATH;
    }

    private void slackAnswers(int status, String body, String... headers) {
        var response = aResponse().withStatus(status).withBody(body);
        for (int i = 0; i < headers.length; i += 2) {
            response = response.withHeader(headers[i], headers[i + 1]);
        }
        wiremock.stubFor(post(urlEqualTo(HOOK_PATH)).willReturn(response));
    }

    private void slackAnswersInTurn(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder... answers) {
        String state = Scenario.STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = i == answers.length - 1 ? state : "answer-" + (i + 1);
            wiremock.stubFor(post(urlEqualTo(HOOK_PATH)).inScenario("slack").whenScenarioStateIs(state)
                    .willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
    }

    private List<JsonNode> posts() throws IOException {
        List<JsonNode> posts = new ArrayList<>();
        for (var request : wiremock.findAll(postRequestedFor(urlEqualTo(HOOK_PATH)))) {
            posts.add(JSON.readTree(request.getBodyAsString()));
        }
        return posts;
    }

    private Map<String, AttributeValue> idempotencyItem(String messageId) {
        return dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("executionId", AttributeValue.fromS("_slack#" + messageId)))).item();
    }

    private String logs() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    private ObjectNode withMessageId(String id) throws IOException {
        ObjectNode event = event("run-alert-partial.json");
        ((ObjectNode) event.path("Records").get(0).path("Sns")).put("MessageId", id);
        return event;
    }

    private static ObjectNode event(String name) throws IOException {
        try (InputStream in = SlackNotifierHandlerTest.class.getResourceAsStream("/events/sns/" + name)) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private void invoke(JsonNode event) throws IOException {
        handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), new ByteArrayOutputStream(), null);
    }
}
