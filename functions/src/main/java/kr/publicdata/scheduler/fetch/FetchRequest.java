package kr.publicdata.scheduler.fetch;

/**
 * The fetcher's input: which source, for which run of which job, in which pull mode, and where the previous
 * invocation stopped ({@code cursor}, absent on the first invocation).
 *
 * @param runId the workflow's execution id
 * @param mode "auto", "full" or "incremental"
 * @param index the source's place in the run record's sources list (set by the workflow), or null
 */
public record FetchRequest(String jobName, String source, String runId, String mode, Cursor cursor, Integer index) {

    public FetchRequest(String jobName, String source, String runId, String mode, Cursor cursor) {
        this(jobName, source, runId, mode, cursor, null);
    }
}
