package kr.publicdata.scheduler.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.JobDefinition;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The optional body of a trigger: {@code {"sources": [...], "mode": "full"|"incremental"}}. Parsing
 * answers either the request or what is wrong with it, in words an operator can act on.
 */
record TriggerRequest(List<String> sources, String mode) {

    static final int MAX_BODY_BYTES = 4096;
    static final List<String> MODES = List.of("full", "incremental");
    private static final Set<String> FIELDS = Set.of("sources", "mode");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Either a request or an error message. */
    record Parsed(TriggerRequest request, String error) {
    }

    static Parsed parse(String body, JobDefinition job, List<String> enabled) {
        if (body == null || body.isBlank()) {
            return new Parsed(new TriggerRequest(null, null), null);
        }
        int size = body.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_BODY_BYTES) {
            return error("body too large: " + size + " bytes, at most " + MAX_BODY_BYTES);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            return error("body is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")") + "; expected {\"sources\": [...], \"mode\": \"full\"|\"incremental\"}");
        }
        if (!root.isObject()) {
            return error("body must be a JSON object such as {\"sources\": [...], \"mode\": \"full\"|\"incremental\"}");
        }
        for (String field : (Iterable<String>) root::fieldNames) {
            if (!FIELDS.contains(field)) {
                return error("unknown field \"" + field + "\": the body may only have sources and mode");
            }
        }
        String mode = null;
        JsonNode modeNode = root.get("mode");
        if (modeNode != null && !modeNode.isNull()) {
            if (!modeNode.isTextual() || !MODES.contains(modeNode.asText())) {
                return error("mode must be \"full\" or \"incremental\", not " + modeNode);
            }
            mode = modeNode.asText();
        }
        JsonNode sourcesNode = root.get("sources");
        if (sourcesNode == null || sourcesNode.isNull()) {
            return new Parsed(new TriggerRequest(null, mode), null);
        }
        if (!sourcesNode.isArray() || sourcesNode.isEmpty()) {
            return error("sources must be a non-empty list of source ids of " + job.name() + ": " + enabled);
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (JsonNode source : sourcesNode) {
            if (!source.isTextual()) {
                return error("sources must be source ids (strings), not " + source + "; valid sources are " + enabled);
            }
            String id = source.asText();
            if (!enabled.contains(id)) {
                String why = job.sources().contains(id) ? " is disabled in this deployment"
                        : " is not a source of " + job.name();
                return error("unknown source \"" + id + "\": it" + why + "; valid sources are " + enabled);
            }
            chosen.add(id);
        }
        return new Parsed(new TriggerRequest(List.copyOf(chosen), mode), null);
    }

    private static Parsed error(String message) {
        return new Parsed(null, message);
    }
}
