package kr.publicdata.scheduler.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a group claim in each form it really arrives in: a JSON array (Lambda authorizers, direct
 * invocations), the HTTP API JWT authorizer's one string {@code "[SUPER_ADMIN other]"}, a JSON array in a
 * string, or a comma- or space-separated string (REST API Cognito authorizers). Anything else is no groups.
 */
final class AdminGroups {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminGroups() {
    }

    static boolean isMember(JsonNode claims, String claimName, String group) {
        return claims != null && groups(claims.get(claimName)).contains(group);
    }

    static List<String> groups(JsonNode claim) {
        List<String> groups = new ArrayList<>();
        if (claim == null) {
            return groups;
        }
        if (claim.isArray()) {
            claim.forEach(g -> {
                if (g.isTextual()) {
                    groups.add(g.asText().strip());
                }
            });
            return groups;
        }
        if (!claim.isTextual()) {
            return groups;
        }
        String text = claim.asText().strip();
        if (text.startsWith("[\"")) {
            try {
                return groups(JSON.readTree(text));
            } catch (java.io.IOException e) {
                // Not JSON after all: read it as the authorizer's bracketed list below.
            }
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        for (String token : text.split("[\\s,]+")) {
            String group = token.replaceAll("^[\"']|[\"']$", "");
            if (!group.isEmpty()) {
                groups.add(group);
            }
        }
        return groups;
    }
}
