package kr.publicdata.scheduler.portal;

import kr.publicdata.scheduler.catalogue.SourceDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads pages of one source from its portal: builds each request (service key encoded exactly once,
 * filters encoded), re-requests a page after a retryable failure with exponential backoff and full
 * jitter, and counts the calls and retries it made.
 */
public final class SourceReader {

    /** Pauses between attempts; tests pass one that does not sleep. */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SourceReader.class);

    private final SourceDefinition source;
    private final PortalClient client;
    private final ServiceKey key;
    private final ResponseAdapter adapter;
    private final int maxAttempts;
    private final long baseDelayMillis;
    private final Sleeper sleeper;
    private int apiCalls;
    private int retries;

    /**
     * @param key the service key, or null to send none (a local sample portal needs none)
     */
    public SourceReader(SourceDefinition source, PortalClient client, ServiceKey key, int maxAttempts,
                        long baseDelayMillis, Sleeper sleeper) {
        this.source = source;
        this.client = client;
        this.key = key;
        this.adapter = ResponseAdapter.forFamily(source.family());
        this.maxAttempts = Math.max(1, maxAttempts);
        this.baseDelayMillis = baseDelayMillis;
        this.sleeper = sleeper;
    }

    public int apiCalls() {
        return apiCalls;
    }

    public int retries() {
        return retries;
    }

    /** One page of the source's main endpoint, with the given extra filters (e.g. an update-time filter). */
    public PortalPage page(int pageNo, Map<String, String> filters) {
        return fetch(source.endpoint(), pageNo, source.pageSize(), filters);
    }

    /**
     * Every row of the source's join endpoint (KoTSA parking details), by the join field. Small: only the
     * lots linked to the national system.
     */
    public Map<String, Map<String, String>> joinTable() {
        Map<String, Map<String, String>> table = new HashMap<>();
        if (source.joinEndpoint() == null) {
            return table;
        }
        int pageSize = source.pageSize();
        for (int pageNo = 1; ; pageNo++) {
            PortalPage page = fetch(source.joinEndpoint(), pageNo, pageSize, Map.of());
            for (Map<String, String> row : page.rows()) {
                String id = row.get(source.joinOn());
                if (id != null && !id.isBlank()) {
                    table.put(id.strip(), row);
                }
            }
            long total = page.totalCount() == null ? -1 : page.totalCount();
            if (page.rows().size() < pageSize || (total >= 0 && (long) pageNo * pageSize >= total)) {
                return table;
            }
        }
    }

    private PortalPage fetch(String endpoint, int pageNo, int pageSize, Map<String, String> filters) {
        URI uri = uri(endpoint, pageNo, pageSize, filters);
        String path = URI.create(endpoint).getPath();
        String operation = path.substring(path.lastIndexOf('/') + 1);
        for (int attempt = 1; ; attempt++) {
            try {
                apiCalls++;
                return adapter.parse(client.get(uri), operation);
            } catch (PortalException e) {
                if (!e.retryable() || attempt >= maxAttempts) {
                    throw e;
                }
                retries++;
                long delay = backoff(attempt, e.type());
                LOG.warn("page {} of {} failed ({}); retrying in {} ms (attempt {} of {})", pageNo, source.id(),
                        client.redactor().redact(e.getMessage()), delay, attempt + 1, maxAttempts);
                pause(delay);
            }
        }
    }

    /** Full jitter over an exponential ceiling; a per-second limit waits at least a second. */
    private long backoff(int attempt, PortalErrorType type) {
        long ceiling = baseDelayMillis * (1L << Math.min(attempt - 1, 10));
        long delay = ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
        return type == PortalErrorType.RATE_LIMITED ? Math.max(delay, Math.min(1000, baseDelayMillis * 4)) : delay;
    }

    private void pause(long millis) {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PortalException.of(PortalErrorType.TRANSIENT, null, "interrupted while waiting to retry",
                    "retried automatically");
        }
    }

    URI uri(String endpoint, int pageNo, int pageSize, Map<String, String> filters) {
        Map<String, String> params = new LinkedHashMap<>();
        params.putAll(adapter.pageParams(pageNo, pageSize));
        params.putAll(source.params());
        params.putAll(filters);
        StringBuilder url = new StringBuilder(endpoint);
        char separator = endpoint.contains("?") ? '&' : '?';
        if (key != null) {
            url.append(separator).append("serviceKey=").append(key.encoded());
            separator = '&';
        }
        for (Map.Entry<String, String> param : params.entrySet()) {
            url.append(separator).append(UrlEncoding.encode(param.getKey())).append('=')
                    .append(UrlEncoding.encode(param.getValue()));
            separator = '&';
        }
        return URI.create(url.toString());
    }
}
