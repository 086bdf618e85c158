package kr.publicdata.scheduler.fetch;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * The fetcher's output: this source's entry of the execution record (running totals for the run), plus
 * {@code cursor} while the pull is not done ({@code status} is then "RUNNING").
 */
public record SourceResult(
        String source,
        String status,
        String pull,
        boolean complete,
        int created,
        int updated,
        int unchanged,
        int removed,
        int invalid,
        Quality quality,
        int apiCalls,
        int attempts,
        int retries,
        Map<String, Object> error,
        List<String> warnings,
        @JsonInclude(JsonInclude.Include.NON_NULL) Cursor cursor) {

    public static final String RUNNING = "RUNNING";
    public static final String SUCCESS = "SUCCESS";
}
