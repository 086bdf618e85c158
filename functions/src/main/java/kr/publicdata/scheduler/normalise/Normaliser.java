package kr.publicdata.scheduler.normalise;

import kr.publicdata.scheduler.catalogue.SourceDefinition;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a source's raw rows into {@link NormalisedRecord}s by the catalogue's field mapping and the
 * data-quality rules: tolerant numbers and KST dates, swapped coordinates fixed, unusable coordinates
 * nulled, rows without a location kept. Not thread-safe (it reuses one digest).
 */
public final class Normaliser {

    /** Why a row was set aside instead of kept. */
    public enum DropReason {
        /** The source marks the row deleted (e.g. an EV charger with delYn=Y). */
        SOURCE_RULE,
        /** The row lacks its natural key, so it cannot be stored or compared. */
        NO_NATURAL_KEY
    }

    /** Either a record or the reason the row was dropped. */
    public record Outcome(NormalisedRecord record, DropReason dropped) {
    }

    private static final String[] NO_FIELDS = {};

    private final SourceDefinition source;
    private final MessageDigest digest = Hashing.sha256();
    private final String[] name;
    private final String[] roadAddress;
    private final String[] lotAddress;
    private final String[] latitude;
    private final String[] longitude;
    private final String[] agency;
    private final String[] referenceDate;
    private final String[] updatedAt;

    public Normaliser(SourceDefinition source) {
        this.source = source;
        this.name = fields("name");
        this.roadAddress = fields("roadAddress");
        this.lotAddress = fields("lotAddress");
        this.latitude = fields("latitude");
        this.longitude = fields("longitude");
        this.agency = fields("agency");
        this.referenceDate = fields("referenceDate");
        this.updatedAt = fields("updatedAt");
    }

    public Outcome normalise(Map<String, String> raw) {
        SourceDefinition.DropRule rule = source.dropWhen();
        if (rule != null && rule.equals().equalsIgnoreCase(Values.text(raw.get(rule.field())) + "")) {
            return new Outcome(null, DropReason.SOURCE_RULE);
        }
        Point start;
        Point end = null;
        if (source.dmsPoints().containsKey("start")) {
            start = dmsPoint(raw, source.dmsPoints().get("start"));
            SourceDefinition.DmsPoint endColumns = source.dmsPoints().get("end");
            end = endColumns == null ? null : dmsPoint(raw, endColumns);
        } else {
            start = Point.of(first(raw, latitude), first(raw, longitude));
        }
        String key = naturalKey(raw, start);
        if (key == null) {
            return new Outcome(null, DropReason.NO_NATURAL_KEY);
        }
        String nameValue = Values.text(first(raw, name));
        String road = Values.text(first(raw, roadAddress));
        String lot = Values.text(first(raw, lotAddress));
        String agencyValue = Values.text(first(raw, agency));
        String reference = KstDates.date(first(raw, referenceDate));
        String updated = KstDates.dateTime(first(raw, updatedAt));
        Double endLat = end == null ? null : end.latitude();
        Double endLon = end == null ? null : end.longitude();
        String hash = Hashing.contentHash(digest, canonical(key, nameValue, road, lot, start, endLat, endLon,
                agencyValue, reference, updated, raw));
        return new Outcome(new NormalisedRecord(key, Hashing.keyHash(key), nameValue, road, lot, start.latitude(),
                start.longitude(), endLat, endLon, start.status(), agencyValue, reference, updated, raw, hash), null);
    }

    private String naturalKey(Map<String, String> raw, Point point) {
        List<String> parts = new ArrayList<>(source.naturalKey().size());
        boolean any = false;
        for (List<String> component : source.naturalKey()) {
            String value = switch (component.getFirst()) {
                case "@latitude" -> rounded(point.latitude());
                case "@longitude" -> rounded(point.longitude());
                default -> Values.text(first(raw, component.toArray(NO_FIELDS)));
            };
            if (value == null && !source.naturalKeyHashed()) {
                return null;
            }
            any |= value != null;
            parts.add(value == null ? "" : value);
        }
        if (!any) {
            return null;
        }
        String joined = String.join("|", parts);
        return source.naturalKeyHashed() ? Hashing.contentHash(digest, joined) : joined;
    }

    /** The coordinate to 5 decimals (about 1 m), as fixed text; String.format would cost a tenth of the pipeline. */
    private static String rounded(Double coordinate) {
        if (coordinate == null) {
            return null;
        }
        long scaled = Math.round(Math.abs(coordinate) * 100_000);
        String fraction = Long.toString(100_000 + scaled % 100_000).substring(1);
        return (coordinate < 0 ? "-" : "") + scaled / 100_000 + "." + fraction;
    }

    private static Point dmsPoint(Map<String, String> raw, SourceDefinition.DmsPoint columns) {
        Double lat = dms(raw, columns.latitude());
        Double lon = dms(raw, columns.longitude());
        boolean latAbsent = lat == null && allAbsent(raw, columns.latitude());
        boolean lonAbsent = lon == null && allAbsent(raw, columns.longitude());
        if (latAbsent && lonAbsent) {
            return Point.missing();
        }
        return lat == null || lon == null ? Point.of("x", "x") : Point.of(lat, lon);
    }

    /** Degrees + minutes/60 + seconds/3600; null when the degrees are missing or any part is unreadable. */
    private static Double dms(Map<String, String> raw, List<String> columns) {
        Double degrees = Values.number(raw.get(columns.get(0)));
        if (degrees == null) {
            return null;
        }
        double value = degrees;
        for (int i = 1; i < columns.size(); i++) {
            String text = raw.get(columns.get(i));
            if (Values.isAbsent(text)) {
                continue;
            }
            Double part = Values.number(text);
            if (part == null) {
                return null;
            }
            value += part / (i == 1 ? 60.0 : 3600.0);
        }
        return value;
    }

    private static boolean allAbsent(Map<String, String> raw, List<String> columns) {
        return columns.stream().allMatch(c -> Values.isAbsent(raw.get(c)));
    }

    private static String first(Map<String, String> raw, String[] candidates) {
        for (String candidate : candidates) {
            String value = raw.get(candidate);
            if (!Values.isAbsent(value)) {
                return value;
            }
        }
        return null;
    }

    private static CharSequence canonical(String key, String name, String road, String lot, Point point,
                                          Double endLat, Double endLon, String agency, String reference,
                                          String updated, Map<String, String> raw) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(key).append('\u0001').append(name).append('\u0001').append(road).append('\u0001').append(lot)
                .append('\u0001').append(point.latitude()).append('\u0001').append(point.longitude())
                .append('\u0001').append(endLat).append('\u0001').append(endLon).append('\u0001').append(agency)
                .append('\u0001').append(reference).append('\u0001').append(updated).append('\u0002');
        Map<String, String> sorted = raw instanceof TreeMap<String, String> ? raw : new TreeMap<>(raw);
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            sb.append(e.getKey()).append('\u0001').append(e.getValue()).append('\u0002');
        }
        return sb;
    }

    private String[] fields(String normalisedName) {
        return source.field(normalisedName).toArray(NO_FIELDS);
    }
}
