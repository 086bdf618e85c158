package kr.publicdata.scheduler.alerts;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.run.LambdaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Subscribed to the alert topic: posts each SNS message to Slack as a Block Kit message, at most once per
 * message id. A message that cannot be delivered throws, so SNS's asynchronous invocation retries it and
 * finally hands it to the on-failure destination; nothing is lost silently.
 */
public final class SlackNotifierHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SlackNotifierHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<URI> webhook;
    private final SlackPoster poster;
    private final SlackDeliveries deliveries;

    public SlackNotifierHandler() {
        this(new SlackWebhook(LambdaClients.secretsManager(), System.getenv("SLACK_WEBHOOK_SECRET_ID"),
                        Clock.systemUTC(), Duration.ofMinutes(15)),
                new SlackPoster(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                        d -> Thread.sleep(d), new SecureRandom()::nextDouble, 4, Duration.ofSeconds(1), Duration.ofSeconds(30)),
                new SlackDeliveries(LambdaClients.dynamo(), System.getenv("EXECUTIONS_TABLE"), Clock.systemUTC()));
    }

    SlackNotifierHandler(Supplier<URI> webhook, SlackPoster poster, SlackDeliveries deliveries) {
        this.webhook = webhook;
        this.poster = poster;
        this.deliveries = deliveries;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        for (JsonNode record : JSON.readTree(input).path("Records")) {
            JsonNode sns = record.path("Sns");
            String messageId = sns.path("MessageId").asText();
            String subject = sns.path("Subject").asText(null);
            switch (deliveries.claim(messageId)) {
                case POSTED -> LOG.info("message {} was already posted to Slack; not posting it again", messageId);
                case IN_DOUBT -> throw new SlackDeliveryException("message " + messageId + " (" + subject + "): an earlier "
                        + "attempt stopped while posting, so it may already be in Slack; not posting again to avoid a "
                        + "duplicate. Check the channel; the message is in this event.");
                case CLAIMED -> post(messageId, subject, sns.path("Message").asText(""), context);
            }
        }
        output.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void post(String messageId, String subject, String message, Context context) throws IOException {
        String payload = JSON.writeValueAsString(SlackMessage.render(subject, message));
        try {
            poster.post(webhook.get(), payload,
                    () -> context == null ? Long.MAX_VALUE : context.getRemainingTimeInMillis());
        } catch (RuntimeException e) {
            // Nothing reached Slack, so the retry that this failure causes may post.
            try {
                deliveries.release(messageId);
            } catch (RuntimeException releaseFailure) {
                e.addSuppressed(releaseFailure);
            }
            throw e;
        }
        try {
            deliveries.posted(messageId);
        } catch (RuntimeException e) {
            // The post succeeded; failing now would only make the retry report it as in doubt.
            LOG.error("message {} was posted but could not be marked posted: {}", messageId, e.toString());
        }
        LOG.info("message {} ({}) posted to Slack", messageId, subject);
    }
}
