package kr.publicdata.scheduler.store;

/** What storing one page did. */
public record PageCounts(int created, int updated, int unchanged, int duplicatesCollapsed, int writes) {
}
