package kr.publicdata.scheduler.normalise;

import java.util.Map;

/**
 * One real-world facility as stored: the natural key, the normalised fields, the raw fields exactly as the
 * portal sent them, and a content hash over both (a changed hash is what makes a stored record "updated").
 *
 * @param keyHash 64-bit hash of the natural key: picks the shard and marks the key seen in a run
 * @param updatedAt the source's own update time (ISO, KST), used to keep the newest duplicate
 */
public record NormalisedRecord(
        String key,
        long keyHash,
        String name,
        String roadAddress,
        String lotAddress,
        Double latitude,
        Double longitude,
        Double endLatitude,
        Double endLongitude,
        LocationStatus location,
        String agency,
        String referenceDate,
        String updatedAt,
        Map<String, String> raw,
        String hash) {

    /** True when this row's update time is later than the other's (rows without one never are). */
    public boolean newerThan(String otherUpdatedAt) {
        return updatedAt != null && (otherUpdatedAt == null || updatedAt.compareTo(otherUpdatedAt) > 0);
    }
}
