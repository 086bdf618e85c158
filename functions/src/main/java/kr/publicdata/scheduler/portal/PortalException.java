package kr.publicdata.scheduler.portal;

/**
 * A classified portal failure. The message always names the portal code, what it means in plain words and
 * what an operator should do, and never contains a service key (callers pass redacted text only).
 */
public abstract sealed class PortalException extends RuntimeException
        permits PortalException.Transient, PortalException.RateLimited, PortalException.BadRequest,
                PortalException.NoSuchService, PortalException.AccessDenied, PortalException.QuotaExceeded,
                PortalException.KeyDisabled, PortalException.Configuration {

    private final PortalErrorType type;
    private final String code;
    private final String meaning;
    private final String remediation;

    PortalException(PortalErrorType type, String code, String meaning, String remediation, Throwable cause) {
        super(describe(code, meaning, remediation), cause);
        this.type = type;
        this.code = code;
        this.meaning = meaning;
        this.remediation = remediation;
    }

    private static String describe(String code, String meaning, String remediation) {
        String codePart = code == null ? "" : " (code " + code + ")";
        return meaning + codePart + ": " + remediation;
    }

    public static PortalException of(PortalErrorType type, String code, String meaning, String remediation) {
        return of(type, code, meaning, remediation, null);
    }

    public static PortalException of(PortalErrorType type, String code, String meaning, String remediation,
                                     Throwable cause) {
        return switch (type) {
            case TRANSIENT -> new Transient(code, meaning, remediation, cause);
            case RATE_LIMITED -> new RateLimited(code, meaning, remediation, cause);
            case BAD_REQUEST -> new BadRequest(code, meaning, remediation, cause);
            case NO_SUCH_SERVICE -> new NoSuchService(code, meaning, remediation, cause);
            case ACCESS_DENIED -> new AccessDenied(code, meaning, remediation, cause);
            case QUOTA_EXCEEDED -> new QuotaExceeded(code, meaning, remediation, cause);
            case KEY_DISABLED -> new KeyDisabled(code, meaning, remediation, cause);
            case CONFIGURATION -> new Configuration(code, meaning, remediation, cause);
        };
    }

    public PortalErrorType type() {
        return type;
    }

    public boolean retryable() {
        return type.retryable();
    }

    public String code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    public String remediation() {
        return remediation;
    }

    /** The name a Step Functions Retry or Catch matches (the Java runtime reports the class name). */
    public String errorName() {
        return getClass().getName();
    }

    /** Retryable: the provider's server, a timeout, a malformed answer, or an unknown code. */
    public static final class Transient extends PortalException {
        Transient(String code, String meaning, String remediation, Throwable cause) {
            super(PortalErrorType.TRANSIENT, code, meaning, remediation, cause);
        }
    }

    /** Retryable after a pause: the per-second limit. */
    public static final class RateLimited extends PortalException {
        RateLimited(String code, String meaning, String remediation, Throwable cause) {
            super(PortalErrorType.RATE_LIMITED, code, meaning, remediation, cause);
        }
    }

    /** Not retryable: a bad or missing parameter is a bug or a configuration error. */
    public static final class BadRequest extends PortalException {
        BadRequest(String code, String meaning, String remediation, Throwable cause) {
            super(PortalErrorType.BAD_REQUEST, code, meaning, remediation, cause);
        }
    }

    /** Not retryable: wrong URL or retired API. */
    public static final class NoSuchService extends PortalException {
        NoSuchService(String code, String meaning, String remediation, Throwable cause) {
            super(PortalErrorType.NO_SUCH_SERVICE, code, meaning, remediation, cause);
        }
    }

    /** Not retryable: access denied, key not registered or expired, IP not registered or blacklisted. */
    public static final class AccessDenied extends PortalException {
        AccessDenied(String code, String meaning, String remediation, Throwable cause) {
            super(PortalErrorType.ACCESS_DENIED, code, meaning, remediation, cause);
        }
    }

    /** Not retryable today: the daily quota is used up; the next run resumes. */
    public static final class QuotaExceeded extends PortalException {
        QuotaExceeded(String code, String meaning, String remediation, Throwable cause) {
            super(PortalErrorType.QUOTA_EXCEEDED, code, meaning, remediation, cause);
        }
    }

    /** Not retryable in this run: the key is temporarily disabled. */
    public static final class KeyDisabled extends PortalException {
        KeyDisabled(String code, String meaning, String remediation, Throwable cause) {
            super(PortalErrorType.KEY_DISABLED, code, meaning, remediation, cause);
        }
    }

    /** Not retryable: this deployment is missing something (a service key, an endpoint). */
    public static final class Configuration extends PortalException {
        Configuration(String code, String meaning, String remediation, Throwable cause) {
            super(PortalErrorType.CONFIGURATION, code, meaning, remediation, cause);
        }
    }
}
