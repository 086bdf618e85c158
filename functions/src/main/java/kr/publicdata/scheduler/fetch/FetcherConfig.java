package kr.publicdata.scheduler.fetch;

import kr.publicdata.scheduler.catalogue.SourceDefinition;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The fetcher's non-secret configuration, from environment variables (the deployed functions' environment
 * or the local runner's). Per-source overrides use the source id upper-cased with '_' for '-', e.g.
 * {@code SOURCE_ENDPOINT_STEEP_SLOPES}.
 *
 * @param portalBaseUrl when set, every request goes to this base + the real request's path and query
 * @param maxPagesPerInvocation pages one invocation may fetch before handing over a cursor
 * @param timeReserve time left for saving and answering when an invocation stops starting pages
 */
public record FetcherConfig(
        String recordsTable,
        String portalBaseUrl,
        Map<String, String> environment,
        Duration fullRefresh,
        int maxPagesPerInvocation,
        Duration timeReserve,
        int pageMaxAttempts,
        long pageRetryBaseMillis,
        Duration connectTimeout,
        Duration readTimeout,
        String serviceKeysSecretId) {

    static final int DEFAULT_MAX_DROP_PERCENT = 20;

    public static FetcherConfig fromEnvironment(Map<String, String> env) {
        String table = env.get("RECORDS_TABLE");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("RECORDS_TABLE is not set");
        }
        return new FetcherConfig(table, blankToNull(env.get("PORTAL_BASE_URL")), Map.copyOf(env),
                Duration.ofDays(integer(env, "FULL_REFRESH_DAYS", 7)),
                integer(env, "FETCH_MAX_PAGES_PER_INVOCATION", Integer.MAX_VALUE),
                Duration.ofSeconds(integer(env, "FETCH_TIME_RESERVE_SECONDS", 30)),
                integer(env, "PAGE_MAX_ATTEMPTS", 3),
                integer(env, "PAGE_RETRY_BASE_MILLIS", 1000),
                Duration.ofSeconds(integer(env, "PORTAL_CONNECT_TIMEOUT_SECONDS", 10)),
                Duration.ofSeconds(integer(env, "PORTAL_READ_TIMEOUT_SECONDS", 60)),
                blankToNull(env.get("SERVICE_KEYS_SECRET_ID")));
    }

    /** The source with its configured endpoint and page size, routed to the portal base URL if one is set. */
    public SourceDefinition resolve(SourceDefinition source) {
        String suffix = source.id().toUpperCase(Locale.ROOT).replace('-', '_');
        String endpoint = env("SOURCE_ENDPOINT_" + suffix, source.endpoint());
        int pageSize = integer(environment, "SOURCE_PAGE_SIZE_" + suffix, source.pageSize());
        String joinEndpoint = source.joinEndpoint() == null ? null : route(source.joinEndpoint());
        return source.with(route(endpoint), joinEndpoint, pageSize);
    }

    /** Removals are skipped when a full pull has more than this share fewer rows than the last complete one. */
    public int maxDropPercent(String sourceId) {
        String suffix = sourceId.toUpperCase(Locale.ROOT).replace('-', '_');
        return integer(environment, "SOURCE_MAX_DROP_PERCENT_" + suffix,
                integer(environment, "MAX_DROP_PERCENT", DEFAULT_MAX_DROP_PERCENT));
    }

    private String route(String endpoint) {
        if (portalBaseUrl == null) {
            return endpoint;
        }
        URI original = URI.create(endpoint);
        String base = portalBaseUrl.endsWith("/") ? portalBaseUrl.substring(0, portalBaseUrl.length() - 1) : portalBaseUrl;
        return base + original.getRawPath() + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery());
    }

    private String env(String name, String fallback) {
        String value = blankToNull(environment.get(name));
        return value == null ? fallback : value;
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number, not \"" + value + "\"", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
