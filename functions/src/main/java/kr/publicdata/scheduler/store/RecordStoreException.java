package kr.publicdata.scheduler.store;

/**
 * DynamoDB did not take the writes (throttled past every retry, or failed). Retryable by the workflow:
 * the fetcher resumes from its last cursor and counts stay exact.
 */
public final class RecordStoreException extends RuntimeException {

    public RecordStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
