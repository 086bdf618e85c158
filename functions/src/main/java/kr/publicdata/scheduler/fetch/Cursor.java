package kr.publicdata.scheduler.fetch;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Where a pull stands between invocations, with its running totals: the next invocation resumes from here
 * without losing, repeating or double-counting rows.
 *
 * @param step invocation number within this source's pull (0 is the first); a repeated step is a retry
 * @param phase "FETCH" (pages from {@code page} on) or "SWEEP" (removal from {@code shard} on)
 * @param lastPage the last page fetched (set once fetching ended)
 * @param stoppedEarly paging stopped before the end (the portal repeated a page)
 * @param implausible the full pull was too small to trust for removals
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cursor(
        int step,
        String pull,
        String phase,
        int page,
        Integer lastPage,
        int shard,
        Long totalCount,
        long rowsReceived,
        boolean complete,
        boolean stoppedEarly,
        boolean implausible,
        String maxUpdatedAt,
        int created,
        int updated,
        int unchanged,
        int removed,
        int invalid,
        Quality quality,
        List<String> warnings) {

    public static final String FETCH = "FETCH";
    public static final String SWEEP = "SWEEP";

    public Cursor {
        quality = quality == null ? Quality.ZERO : quality;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
