package kr.publicdata.scheduler.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Posts a message to an incoming webhook: waits as told on 429 Retry-After, retries 5xx and network errors
 * with exponential backoff and full jitter, stops after {@code maxAttempts} or when the time left runs
 * short, and treats any other 4xx as a configuration error at once. Logs name the status, never the URL.
 */
final class SlackPoster {

    private static final Logger LOG = LoggerFactory.getLogger(SlackPoster.class);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Time kept for releasing the claim and answering after the last attempt. */
    private static final long RESERVE_MILLIS = 2_000;

    /** Sleeps between attempts; tests record the waits instead. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final HttpClient http;
    private final Sleeper sleeper;
    private final DoubleSupplier random;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxRetryAfter;

    SlackPoster(HttpClient http, Sleeper sleeper, DoubleSupplier random, int maxAttempts, Duration baseDelay,
                Duration maxRetryAfter) {
        this.http = http;
        this.sleeper = sleeper;
        this.random = random;
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxRetryAfter = maxRetryAfter;
    }

    /** @param remainingMillis the invocation's time left */
    void post(URI webhook, String payload, LongSupplier remainingMillis) {
        HttpRequest request = HttpRequest.newBuilder(webhook).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)).build();
        String last = "no attempt";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Duration wait;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    LOG.info("posted to Slack (attempt {})", attempt);
                    return;
                }
                last = ("HTTP " + status + " " + brief(response.body(), webhook)).strip();
                if (status == 429) {
                    OptionalLong seconds = retryAfter(response);
                    wait = seconds.isPresent() ? Duration.ofSeconds(seconds.getAsLong()) : backoff(attempt);
                    if (wait.compareTo(maxRetryAfter) > 0) {
                        throw failure("Slack rate-limited the webhook and asked to wait " + wait.toSeconds()
                                + " s, longer than the " + maxRetryAfter.toSeconds() + " s this notifier waits");
                    }
                } else if (status >= 500) {
                    wait = backoff(attempt);
                } else {
                    LOG.error("Slack refused the message with {}: a configuration error (the webhook in the secret is "
                            + "wrong, revoked, or its channel is gone, or the message is malformed); not retrying", last);
                    throw new SlackDeliveryException("Slack refused the message with " + last
                            + ": check the webhook secret (SLACK_WEBHOOK_SECRET_ID) and the Slack app");
                }
            } catch (IOException e) {
                // The exception's message can name the host and path; only its kind is kept.
                last = "network error (" + e.getClass().getSimpleName() + ")";
                wait = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while posting to Slack");
            }
            if (attempt == maxAttempts) {
                break;
            }
            if (wait.toMillis() + REQUEST_TIMEOUT.toMillis() + RESERVE_MILLIS > remainingMillis.getAsLong()) {
                throw failure("Slack post failed (" + last + ") and too little time is left for another attempt");
            }
            LOG.warn("Slack post attempt {} of {} failed ({}); retrying in {} ms", attempt, maxAttempts, last, wait.toMillis());
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure("interrupted while waiting to retry the Slack post");
            }
        }
        throw failure("gave up posting to Slack after " + maxAttempts + " attempts; last answer: " + last);
    }

    private static SlackDeliveryException failure(String message) {
        LOG.error(message);
        return new SlackDeliveryException(message);
    }

    private Duration backoff(int attempt) {
        long cap = baseDelay.toMillis() * (1L << Math.min(attempt - 1, 10));
        return Duration.ofMillis((long) (random.getAsDouble() * cap));
    }

    private static OptionalLong retryAfter(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After").map(v -> OptionalLong.of(Long.parseLong(v.strip())))
                    .orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Slack answers errors with a short code such as "invalid_payload" or "no_service". */
    private static String brief(String body, URI webhook) {
        // Redacted before shortening, so that no cut-off piece of the webhook survives.
        String text = body == null ? "" : body.strip().replaceAll("\\s+", " ")
                .replace(webhook.toString(), "<url>").replace(webhook.getRawPath(), "<url>")
                .replaceAll("https?://\\S+", "<url>").replaceAll("/services/\\S+", "<url>");
        text = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return text.isEmpty() ? "" : "(" + text + ")";
    }
}
