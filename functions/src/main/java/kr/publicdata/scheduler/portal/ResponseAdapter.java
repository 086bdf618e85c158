package kr.publicdata.scheduler.portal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.Family;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one response family is asked for a page and how its answer is read. Every adapter accepts every
 * shape of "items" the portals send (a list, {item: [..]}, {item: {..}}, "" or nothing) and counts given
 * as strings or numbers, and sniffs gateway errors before trusting the body.
 */
public abstract class ResponseAdapter {

    static final ObjectMapper JSON = new ObjectMapper();

    public static ResponseAdapter forFamily(Family family) {
        return switch (family) {
            case A, B -> new DataGoKrAdapter(family);
            case C -> new SafetyDataAdapter();
            case KECO -> new KecoAdapter();
            case KOTSA -> new KotsaAdapter();
            case GEOJSON -> new GeoJsonAdapter();
        };
    }

    /** Query parameters that select the page and the JSON format, in the order the portal documents them. */
    public abstract Map<String, String> pageParams(int pageNo, int pageSize);

    /** The rows and total of one answer, or a classified failure. */
    public final PortalPage parse(String body, String operation) {
        PortalException gatewayError = GatewayErrors.sniff(body);
        if (gatewayError != null) {
            throw gatewayError;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw PortalException.of(PortalErrorType.TRANSIENT, null,
                    "the portal answered malformed JSON (\"" + GatewayErrors.preview(body) + "\")",
                    "retried automatically; if it persists, the portal is serving a broken page");
        }
        if (root == null || !root.isObject()) {
            throw PortalException.of(PortalErrorType.TRANSIENT, null,
                    "the portal answered JSON that is not an object (\"" + GatewayErrors.preview(body) + "\")",
                    "retried automatically; if it persists, the portal is serving a broken page");
        }
        return read(root, operation);
    }

    /** The page parameters every data.go.kr-style API takes, plus the one that asks for JSON. */
    protected static Map<String, String> numberedPage(int pageNo, int pageSize, String formatName, String formatValue) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("pageNo", Integer.toString(pageNo));
        params.put("numOfRows", Integer.toString(pageSize));
        params.put(formatName, formatValue);
        return params;
    }

    /** Reads a parsed answer; {@code operation} is the last path segment of the request (KoTSA names arrays after it). */
    protected abstract PortalPage read(JsonNode root, String operation);

    /** Throws the classified failure for a non-success result code; returns true when the code means NODATA. */
    protected static boolean checkResult(JsonNode code, JsonNode message) {
        String text = code == null || code.isNull() || code.isMissingNode() ? null : code.asText();
        if (text == null) {
            return false;
        }
        if (PortalCodes.isSuccess(text)) {
            return false;
        }
        if (PortalCodes.isNoData(text)) {
            return true;
        }
        throw PortalCodes.classify(text, message == null ? null : message.asText(null));
    }

    /** Rows from any items shape: array, {item: [...]}, {item: {...}}, "", null or missing. */
    protected static List<Map<String, String>> items(JsonNode items) {
        if (items == null || items.isMissingNode() || items.isNull() || items.isTextual()) {
            return List.of();
        }
        if (items.isArray()) {
            List<Map<String, String>> rows = new ArrayList<>(items.size());
            for (JsonNode element : items) {
                if (element.isObject()) {
                    rows.add(flatten(element));
                }
            }
            return rows;
        }
        if (items.isObject()) {
            JsonNode item = items.get("item");
            if (item != null) {
                return items(item);
            }
            return items.isEmpty() ? List.of() : List.of(flatten(items));
        }
        return List.of();
    }

    /** A count sent as a number or a string; null when absent or unreadable. */
    protected static Long count(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.asLong();
        }
        String text = node.asText().strip().replace(",", "");
        try {
            return text.isEmpty() ? null : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    protected static Map<String, String> flatten(JsonNode object) {
        Map<String, String> row = new LinkedHashMap<>(object.size() * 2);
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            row.put(field.getKey(), value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString());
        }
        return Collections.unmodifiableMap(row);
    }

    protected static JsonNode path(JsonNode node, String... names) {
        JsonNode current = node;
        for (String name : names) {
            current = current.path(name);
        }
        return current;
    }
}
