package kr.publicdata.scheduler.normalise;

/** What became of a row's coordinates. */
public enum LocationStatus {
    /** Inside Korea as sent. */
    OK,
    /** Latitude and longitude were swapped; swapped back. */
    SWAPPED,
    /** No location at all (empty, null, "null", 0/0): kept without a point, not invalid. */
    MISSING,
    /** Present but unusable (outside Korea, unparseable, only half there): nulled and counted invalid. */
    INVALID
}
