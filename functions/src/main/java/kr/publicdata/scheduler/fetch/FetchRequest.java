package kr.publicdata.scheduler.fetch;

/**
 * The fetcher's input: which source, for which run of which job, in which pull mode, and where the previous
 * invocation stopped ({@code cursor}, absent on the first invocation).
 *
 * @param runId the workflow's execution id
 * @param mode "auto", "full" or "incremental"
 */
public record FetchRequest(String jobName, String source, String runId, String mode, Cursor cursor) {
}
