package kr.publicdata.scheduler.portal;

/**
 * The few kinds of portal failure that the workflow's Retry and Catch tell apart. Each kind is thrown as
 * its own exception class, because Step Functions matches a Java Lambda's error by its class name.
 */
public enum PortalErrorType {
    TRANSIENT(true),
    RATE_LIMITED(true),
    BAD_REQUEST(false),
    NO_SUCH_SERVICE(false),
    ACCESS_DENIED(false),
    QUOTA_EXCEEDED(false),
    KEY_DISABLED(false),
    CONFIGURATION(false);

    private final boolean retryable;

    PortalErrorType(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
