package kr.publicdata.scheduler.catalogue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/**
 * One public dataset as the catalogue describes it: where it lives, how it pages, how its rows map to the
 * normalised record, and how it is keyed. Field lists name raw fields in order of preference; a name
 * starting with '@' is a value the adapter or normaliser derives (e.g. "@latitude").
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SourceDefinition(
        String id,
        String title,
        Family family,
        boolean confirmed,
        String endpoint,
        String joinEndpoint,
        String joinOn,
        String keyEnv,
        Map<String, String> params,
        int pageSize,
        int shards,
        List<List<String>> naturalKey,
        boolean naturalKeyHashed,
        Map<String, List<String>> fields,
        Incremental incremental,
        DropRule dropWhen,
        Map<String, DmsPoint> dmsPoints) {

    public SourceDefinition {
        params = params == null ? Map.of() : Map.copyOf(params);
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        dmsPoints = dmsPoints == null ? Map.of() : Map.copyOf(dmsPoints);
        shards = Math.max(1, shards);
    }

    /** The API's update-time filter, where it has one. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Incremental(String param, String format, int marginHours) {
    }

    /** Rows the source itself marks as deleted (e.g. EV chargers with delYn=Y). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DropRule(String field, String equals) {
    }

    /** A point given as degrees, minutes and seconds in separate columns. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DmsPoint(List<String> latitude, List<String> longitude) {
    }

    public boolean supportsIncremental() {
        return incremental != null;
    }

    public List<String> field(String name) {
        return fields.getOrDefault(name, List.of());
    }

    /** A copy with another endpoint or page size (configuration overrides). */
    public SourceDefinition with(String newEndpoint, int newPageSize) {
        return with(newEndpoint, joinEndpoint, newPageSize);
    }

    /** A copy with other endpoints (the join endpoint too) or page size. */
    public SourceDefinition with(String newEndpoint, String newJoinEndpoint, int newPageSize) {
        return new SourceDefinition(id, title, family, confirmed, newEndpoint, newJoinEndpoint, joinOn, keyEnv, params,
                newPageSize, shards, naturalKey, naturalKeyHashed, fields, incremental, dropWhen, dmsPoints);
    }

    /**
     * The environment variable (locally) or secret field (in AWS) holding this source's service key:
     * safetydata issues one key per service, named after the service code in the endpoint.
     */
    public String serviceKeyName() {
        if (keyEnv != null) {
            return keyEnv;
        }
        if (family == Family.C) {
            String code = endpoint.substring(endpoint.lastIndexOf('/') + 1);
            return "SAFETYDATA_SERVICE_KEY_" + code.replace('-', '_').toUpperCase(java.util.Locale.ROOT);
        }
        return "DATA_GO_KR_SERVICE_KEY";
    }
}
