package kr.publicdata.scheduler.portal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Sends GET requests to the open-data portals. It looks like a browser (some gateways block other clients),
 * bounds every call with connect and read timeouts, turns HTTP failures into classified
 * {@link PortalException}s and never lets a service key into a log line or message.
 */
public final class PortalClient {

    /** Some gateways answer "Request Blocked" to clients that do not look like a browser. */
    static final String USER_AGENT =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

    private static final Logger LOG = LoggerFactory.getLogger(PortalClient.class);

    private final HttpClient http;
    private final Duration readTimeout;
    private final Redactor redactor;

    public PortalClient(Duration connectTimeout, Duration readTimeout, Redactor redactor) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.readTimeout = readTimeout;
        this.redactor = redactor;
    }

    public Redactor redactor() {
        return redactor;
    }

    /** The body of a 2xx answer; anything else is thrown as a classified failure. */
    public String get(URI uri) {
        String safeUrl = redactor.redact(uri.toString());
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(readTimeout)
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json, text/xml;q=0.9, */*;q=0.8")
                .GET()
                .build();
        long started = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw PortalException.of(PortalErrorType.TRANSIENT, null, "the portal did not answer within "
                    + readTimeout.toSeconds() + " s", "retried automatically; the portal is slow or down");
        } catch (IOException e) {
            throw PortalException.of(PortalErrorType.TRANSIENT, null,
                    "network error talking to the portal (" + redactor.redact(e.getClass().getSimpleName() + ": "
                            + e.getMessage()) + ")", "retried automatically; check the portal's availability");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PortalException.of(PortalErrorType.TRANSIENT, null, "interrupted while calling the portal",
                    "retried automatically");
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.debug("GET {} -> {} in {} ms", safeUrl, response.statusCode(), millis);
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            // The gateway often explains a 4xx in an XML envelope: prefer its code when there is one.
            PortalException fromBody = GatewayErrors.sniff(body);
            throw fromBody != null && fromBody.code() != null ? fromBody : PortalCodes.classifyHttpStatus(status);
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
