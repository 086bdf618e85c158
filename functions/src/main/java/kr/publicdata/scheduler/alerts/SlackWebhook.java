package kr.publicdata.scheduler.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The incoming-webhook URL, read from Secrets Manager and cached for a while (a rotated secret is picked up
 * within {@code ttl}). The secret holds the URL itself or {@code {"webhookUrl": "..."}}. Nothing here ever
 * puts the URL, or the secret's text, into a message.
 */
final class SlackWebhook implements Supplier<URI> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient secrets;
    private final String secretId;
    private final Clock clock;
    private final Duration ttl;
    private URI cached;
    private Instant readAt;

    SlackWebhook(SecretsManagerClient secrets, String secretId, Clock clock, Duration ttl) {
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalStateException("SLACK_WEBHOOK_SECRET_ID is not set");
        }
        this.secrets = secrets;
        this.secretId = secretId;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public synchronized URI get() {
        Instant now = clock.instant();
        if (cached == null || readAt.plus(ttl).isBefore(now)) {
            cached = parse(secrets.getSecretValue(b -> b.secretId(secretId)).secretString());
            readAt = now;
        }
        return cached;
    }

    private URI parse(String secret) {
        String text = secret == null ? "" : secret.strip();
        if (text.startsWith("{")) {
            try {
                JsonNode json = JSON.readTree(text);
                text = json.path("webhookUrl").asText(json.path("url").asText(""));
            } catch (IOException e) {
                text = "";
            }
        }
        try {
            URI uri = URI.create(text);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // Reported below without quoting the secret.
        }
        throw new IllegalStateException("the secret " + secretId + " does not hold a Slack webhook URL: store "
                + "https://hooks.slack.com/services/... or {\"webhookUrl\": \"https://hooks.slack.com/services/...\"}");
    }
}
