package kr.publicdata.scheduler.fetch;

/** What was fixed or set aside during a pull (running totals for the run). */
public record Quality(int coordinatesSwapped, int locationMissing, int duplicatesCollapsed, int rowsDropped) {

    public static final Quality ZERO = new Quality(0, 0, 0, 0);
}
