package kr.publicdata.scheduler.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.testing.LocalDynamoDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./scheduler serve} end to end: the Node front and local stack (dynalite, fauxqs, the Java process
 * with the real handlers on this build's classpath, the embedded sample portal) in a temporary local
 * directory, driven over HTTP as an operator would with curl.
 */
class LocalServeEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("^admin API: (http://\\S+)$");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path localDir;
    private static Process serve;
    private static String baseUrl;
    private static JsonNode tokens;

    @BeforeAll
    static void startServe() throws Exception {
        Path root = LocalDynamoDb.projectRoot();
        ProcessBuilder builder = new ProcessBuilder("node", "--no-warnings", root.resolve("tools/local/scheduler.mjs").toString(),
                "serve", "--port", "0").directory(root.toFile())
                .redirectError(localDir.resolve("serve.err").toFile());
        // Inside `mvn verify` the tests run before the jar is packaged: the Java process uses this classpath.
        builder.environment().put("SCHEDULER_CLASSPATH",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        builder.environment().put("SCHEDULER_LOCAL_DIR", localDir.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        serve = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.matches()) {
                        return m.group(1);
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        baseUrl = url.get(90, TimeUnit.SECONDS);
        assertThat(baseUrl).as("serve printed its address; stderr: %s", stderr()).isNotNull();
        // Keep draining stdout so the server never blocks on a full pipe.
        Thread.ofVirtual().start(() -> out.lines().forEach(line -> { }));
        tokens = JSON.readTree(localDir.resolve("tokens.json").toFile());
    }

    @AfterAll
    static void stopServe() throws InterruptedException {
        if (serve != null) {
            serve.destroy();
            if (!serve.waitFor(20, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    @Test
    void serve_checksTokensThenAnswersAndRunsTheRealWorkflow() throws Exception {
        String admin = tokens.path("admin").asText();
        String user = tokens.path("user").asText();
        assertThat(admin).isNotBlank();
        assertThat(user).isNotBlank().isNotEqualTo(admin);

        assertThat(get("/admin/jobs", null).statusCode()).isEqualTo(401);
        assertThat(get("/admin/jobs", "not-a-token").statusCode()).isEqualTo(401);
        assertThat(get("/admin/jobs", forged(payloadOf(admin), "another-key")).statusCode()).as("wrong signature").isEqualTo(401);
        String expired = payloadOf(admin).replaceFirst("\"exp\":\\d+", "\"exp\":" + (Instant.now().getEpochSecond() - 60));
        assertThat(get("/admin/jobs", forged(expired, signingKey())).statusCode()).as("expired").isEqualTo(401);
        assertThat(get("/admin/jobs", unsigned(payloadOf(admin))).statusCode()).as("alg none").isEqualTo(401);

        HttpResponse<String> forbidden = post("/admin/jobs/parkingAvailabilityUpdate/trigger", user, "");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("\"message\"");

        HttpResponse<String> unknown = post("/admin/jobs/hourlyUpdate/trigger", admin, "");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).path("message").asText()).contains("dailyDataUpdate", "parkingAvailabilityUpdate");
        assertThat(post("/admin/jobs/parkingAvailabilityUpdate/trigger", admin, "{\"mode\": \"full\"").statusCode()).isEqualTo(400);

        HttpResponse<String> started = post("/admin/jobs/parkingAvailabilityUpdate/trigger", admin, "{\"mode\": \"full\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String executionArn = JSON.readTree(started.body()).path("executionArn").asText();
        assertThat(executionArn).contains(":execution:parkingAvailabilityUpdate:");

        JsonNode run = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> history = get("/admin/jobs/parkingAvailabilityUpdate/executions?limit=5", admin);
            assertThat(history.statusCode()).isEqualTo(200);
            JsonNode first = JSON.readTree(history.body()).path("executions").path(0);
            if (executionArn.equals(first.path("executionId").asText())
                    && !java.util.List.of("RUNNING", "RETRYING").contains(first.path("status").asText())) {
                run = first;
                break;
            }
            Thread.sleep(250);
        }
        assertThat(run).as("the run appears, finished, in the history; stderr: %s", stderr()).isNotNull();
        assertThat(run.path("status").asText()).isEqualTo("SUCCESS");
        assertThat(run.path("trigger").asText()).isEqualTo("manual");
        assertThat(run.path("requestedBy").asText()).isEqualTo("local-admin");
        assertThat(run.path("mode").asText()).isEqualTo("full");

        JsonNode jobs = JSON.readTree(get("/admin/jobs", admin).body()).path("jobs");
        JsonNode parking = jobs.path(1);
        assertThat(parking.path("jobName").asText()).isEqualTo("parkingAvailabilityUpdate");
        assertThat(parking.path("lastRun").path("executionId").asText()).isEqualTo(executionArn);
        assertThat(parking.path("sources").path(0).path("lastSuccessAt").asText()).isNotBlank();
        assertThat(get("/admin/nothing", admin).statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String payloadOf(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static String signingKey() throws IOException {
        return Files.readString(localDir.resolve("admin-signing-key")).strip();
    }

    private static String forged(String payload, String key) throws GeneralSecurityException {
        String signed = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + encode(payload);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    private static String unsigned(String payload) {
        return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + encode(payload) + ".";
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String stderr() {
        try {
            return Files.readString(localDir.resolve("serve.err"));
        } catch (IOException e) {
            return "(none)";
        }
    }
}
