package kr.publicdata.scheduler.normalise;

/**
 * A WGS84 point checked against Korea's bounding box (about lat 33-39, lon 124-132).
 *
 * @param latitude null unless status is OK or SWAPPED
 */
public record Point(Double latitude, Double longitude, LocationStatus status) {

    static final double MIN_LAT = 33.0;
    static final double MAX_LAT = 39.0;
    static final double MIN_LON = 124.0;
    static final double MAX_LON = 132.0;

    private static final Point MISSING = new Point(null, null, LocationStatus.MISSING);
    private static final Point INVALID = new Point(null, null, LocationStatus.INVALID);

    /** Classifies raw coordinate text the way the portals send it. */
    public static Point of(String latitudeText, String longitudeText) {
        boolean latAbsent = Values.isAbsent(latitudeText);
        boolean lonAbsent = Values.isAbsent(longitudeText);
        if (latAbsent && lonAbsent) {
            return MISSING;
        }
        if (latAbsent || lonAbsent) {
            return INVALID;
        }
        Double lat = Values.number(latitudeText);
        Double lon = Values.number(longitudeText);
        return lat == null || lon == null ? INVALID : of(lat, lon);
    }

    /** Classifies parsed coordinates. */
    public static Point of(double lat, double lon) {
        if (lat == 0 && lon == 0) {
            return MISSING;
        }
        if (inKorea(lat, lon)) {
            return new Point(lat, lon, LocationStatus.OK);
        }
        if (inKorea(lon, lat)) {
            return new Point(lon, lat, LocationStatus.SWAPPED);
        }
        return INVALID;
    }

    public static Point missing() {
        return MISSING;
    }

    private static boolean inKorea(double lat, double lon) {
        return lat >= MIN_LAT && lat <= MAX_LAT && lon >= MIN_LON && lon <= MAX_LON;
    }
}
