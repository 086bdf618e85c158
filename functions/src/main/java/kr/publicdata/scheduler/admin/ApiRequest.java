package kr.publicdata.scheduler.admin;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of an API Gateway HTTP API request (payload format 2.0) the admin routes use. {@code claims}
 * is null when no authorizer verified a token.
 */
record ApiRequest(String method, String path, Map<String, String> query, String body, JsonNode claims,
                  String requestId) {

    static ApiRequest of(JsonNode event) {
        JsonNode context = event.path("requestContext");
        String method = context.path("http").path("method").asText(event.path("httpMethod").asText("GET"));
        String path = event.path("rawPath").asText(context.path("http").path("path").asText("/"));
        Map<String, String> query = new LinkedHashMap<>();
        event.path("queryStringParameters").properties().forEach(e -> query.put(e.getKey(), e.getValue().asText()));
        String body = event.hasNonNull("body") ? event.get("body").asText() : null;
        if (body != null && event.path("isBase64Encoded").asBoolean(false)) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        JsonNode claims = context.path("authorizer").path("jwt").path("claims");
        return new ApiRequest(method.toUpperCase(java.util.Locale.ROOT), path, query, body,
                claims.isObject() ? claims : null, context.path("requestId").asText(""));
    }

    /** The caller's user id (the token's subject). */
    String caller() {
        return claims == null ? null : claims.path("sub").asText(null);
    }

    static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
