package kr.publicdata.scheduler.store;

/**
 * What the store remembers about a source between runs.
 *
 * @param watermark the newest source update time stored (ISO, KST), for incremental pulls
 * @param lastFullPullAt when the last complete full pull ended (ISO)
 * @param lastFullDistinct distinct rows of the last complete full pull (the plausibility baseline)
 * @param lastTotalCount the portal's totalCount in the last full pull
 */
public record SourceState(String watermark, String lastFullPullAt, long lastFullDistinct, long lastTotalCount,
                          String lastSuccessAt) {

    public static final SourceState NONE = new SourceState(null, null, 0, 0, null);
}
