package kr.publicdata.scheduler.portal;

import java.util.Map;

/**
 * What each portal result code means and what to do about it. Codes are compared as numbers, so "00" and
 * "0" are both success; family B's negative codes are classified like their positive twins.
 */
public final class PortalCodes {

    private record Entry(PortalErrorType type, String meaning, String remediation) {
    }

    private static final String RETRY_LATER = "retried automatically; if it persists, check the portal's notices";

    private static final Map<Integer, Entry> CODES = Map.ofEntries(
            Map.entry(1, new Entry(PortalErrorType.TRANSIENT, "application error at the provider", RETRY_LATER)),
            Map.entry(2, new Entry(PortalErrorType.TRANSIENT, "database error at the provider", RETRY_LATER)),
            Map.entry(4, new Entry(PortalErrorType.TRANSIENT, "HTTP error at the provider", RETRY_LATER)),
            Map.entry(5, new Entry(PortalErrorType.TRANSIENT, "the provider's service timed out", RETRY_LATER)),
            Map.entry(10, new Entry(PortalErrorType.BAD_REQUEST, "invalid request parameter",
                    "check the source's page size (numOfRows above the API's maximum?) and filters in the catalogue")),
            Map.entry(11, new Entry(PortalErrorType.BAD_REQUEST, "a required request parameter is missing",
                    "check the source's endpoint and fixed parameters in the catalogue")),
            Map.entry(12, new Entry(PortalErrorType.NO_SUCH_SERVICE, "no such service at this URL (wrong or retired API)",
                    "check the source's endpoint against the dataset page on the portal")),
            Map.entry(20, new Entry(PortalErrorType.ACCESS_DENIED, "service access denied",
                    "apply for this dataset on the portal, or wait until the application is approved")),
            Map.entry(21, new Entry(PortalErrorType.KEY_DISABLED, "service key temporarily disabled",
                    "the next run tries again; check the key's status on the portal")),
            Map.entry(22, new Entry(PortalErrorType.QUOTA_EXCEEDED, "daily request quota exceeded",
                    "the next run resumes; if it recurs, request a higher quota for this API on the portal")),
            Map.entry(23, new Entry(PortalErrorType.RATE_LIMITED, "per-second request limit exceeded",
                    "retried after a pause; lower the request rate if it persists")),
            Map.entry(29, new Entry(PortalErrorType.ACCESS_DENIED, "the calling IP address is blacklisted",
                    "ask the portal's help desk why this IP (the NAT or Lambda egress address) was blocked")),
            Map.entry(30, new Entry(PortalErrorType.ACCESS_DENIED, "key not registered for this API",
                    "apply for this dataset on data.go.kr or check the key's encoding")),
            Map.entry(31, new Entry(PortalErrorType.ACCESS_DENIED, "service key expired",
                    "extend the key's validity on the portal, then update the secret")),
            Map.entry(32, new Entry(PortalErrorType.ACCESS_DENIED, "the calling IP address is not registered",
                    "register the egress IP for this key on the portal")),
            Map.entry(33, new Entry(PortalErrorType.ACCESS_DENIED, "unsigned call",
                    "check that the service key is sent and configured for this API")),
            Map.entry(99, new Entry(PortalErrorType.TRANSIENT, "unknown error at the provider", RETRY_LATER)));

    /** Family B (MOIS 1741000) codes mapped to the common code with the same meaning. */
    private static final Map<Integer, Integer> FAMILY_B_TWINS = Map.of(
            -1, 1, -2, 10, -3, 12, -4, 30, -5, 4, -9, 12, -10, 22, -11, 11, -999, 99);

    private PortalCodes() {
    }

    /** True for the codes that mean success. */
    public static boolean isSuccess(String code) {
        Integer n = asNumber(code);
        return n != null && n == 0;
    }

    /** True for NODATA: an empty page, not a failure. */
    public static boolean isNoData(String code) {
        Integer n = asNumber(code);
        return n != null && n == 3;
    }

    /** The classified failure for a non-success code; unknown codes are retryable. */
    public static PortalException classify(String code, String providerMessage) {
        Integer n = asNumber(code);
        if (n != null && FAMILY_B_TWINS.containsKey(n)) {
            n = FAMILY_B_TWINS.get(n);
        }
        Entry entry = n == null ? null : CODES.get(n);
        if (entry == null) {
            String detail = providerMessage == null || providerMessage.isBlank() ? "" : " \"" + providerMessage + "\"";
            return PortalException.of(PortalErrorType.TRANSIENT, code, "unknown portal result" + detail, RETRY_LATER);
        }
        return PortalException.of(entry.type(), code, entry.meaning(), entry.remediation());
    }

    /** The classified failure for an HTTP status that is not 2xx. */
    public static PortalException classifyHttpStatus(int status) {
        String code = "HTTP " + status;
        return switch (status) {
            case 401, 403 -> PortalException.of(PortalErrorType.ACCESS_DENIED, code, "the portal refused the request",
                    "check that the service key is registered for this API and correctly encoded");
            case 404 -> PortalException.of(PortalErrorType.NO_SUCH_SERVICE, code, "no such service at this URL",
                    "check the source's endpoint against the dataset page on the portal");
            case 429 -> PortalException.of(PortalErrorType.RATE_LIMITED, code, "too many requests", RETRY_LATER);
            default -> status >= 500
                    ? PortalException.of(PortalErrorType.TRANSIENT, code, "server error at the portal", RETRY_LATER)
                    : PortalException.of(PortalErrorType.BAD_REQUEST, code, "the portal rejected the request",
                            "check the source's endpoint and parameters in the catalogue");
        };
    }

    private static Integer asNumber(String code) {
        if (code == null) {
            return null;
        }
        try {
            return Integer.valueOf(code.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
