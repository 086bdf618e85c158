package kr.publicdata.scheduler.portal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WFS GetFeature answering GeoJSON, paged with startIndex/count (assumed for flood traces: no JSON point
 * API is confirmed). Each feature's properties become the row; the feature id and a representative point
 * (the point itself, or the mean of a polygon's outer ring) are added as "@featureId",
 * "@geometryLatitude" and "@geometryLongitude".
 */
final class GeoJsonAdapter extends ResponseAdapter {

    @Override
    public Map<String, String> pageParams(int pageNo, int pageSize) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("service", "WFS");
        params.put("request", "GetFeature");
        params.put("outputFormat", "application/json");
        params.put("startIndex", Integer.toString((pageNo - 1) * pageSize));
        params.put("count", Integer.toString(pageSize));
        return params;
    }

    @Override
    protected PortalPage read(JsonNode root, String operation) {
        if (root.has("header") || root.has("resultCode")) {
            JsonNode header = root.has("header") ? root.path("header") : root;
            checkResult(header.get("resultCode"), header.get("resultMsg"));
        }
        Long total = count(root.has("numberMatched") ? root.get("numberMatched") : root.get("totalFeatures"));
        JsonNode features = root.path("features");
        List<Map<String, String>> rows = new ArrayList<>(features.size());
        for (JsonNode feature : features) {
            Map<String, String> row = new LinkedHashMap<>(flatten(feature.path("properties")));
            if (feature.hasNonNull("id")) {
                row.put("@featureId", feature.get("id").asText());
            }
            double[] point = representativePoint(feature.path("geometry"));
            if (point != null) {
                row.put("@geometryLongitude", Double.toString(point[0]));
                row.put("@geometryLatitude", Double.toString(point[1]));
            }
            rows.add(row);
        }
        return new PortalPage(rows, total);
    }

    /** [lon, lat] of a Point, or the mean vertex of the first ring of a (Multi)Polygon or LineString. */
    private static double[] representativePoint(JsonNode geometry) {
        JsonNode coordinates = geometry.path("coordinates");
        if (!coordinates.isArray() || coordinates.isEmpty()) {
            return null;
        }
        JsonNode ring = coordinates;
        while (ring.isArray() && !ring.isEmpty() && ring.get(0).isArray() && ring.get(0).get(0).isArray()) {
            ring = ring.get(0);
        }
        if (!ring.get(0).isArray()) {
            return new double[] {ring.get(0).asDouble(), ring.get(1).asDouble()};
        }
        // A closed ring repeats its first vertex at the end: count it once.
        int vertices = ring.size();
        if (vertices > 1 && ring.get(0).equals(ring.get(vertices - 1))) {
            vertices--;
        }
        double lon = 0;
        double lat = 0;
        for (int i = 0; i < vertices; i++) {
            lon += ring.get(i).get(0).asDouble();
            lat += ring.get(i).get(1).asDouble();
        }
        return new double[] {lon / vertices, lat / vertices};
    }
}
