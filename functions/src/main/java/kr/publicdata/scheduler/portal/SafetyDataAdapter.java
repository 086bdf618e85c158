package kr.publicdata.scheduler.portal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** Family C, safetydata.go.kr V2: header at the top, "body" a bare array, totalCount at the top. */
final class SafetyDataAdapter extends ResponseAdapter {

    @Override
    public Map<String, String> pageParams(int pageNo, int pageSize) {
        return numberedPage(pageNo, pageSize, "returnType", "json");
    }

    @Override
    protected PortalPage read(JsonNode root, String operation) {
        JsonNode header = root.path("header");
        JsonNode message = header.hasNonNull("errorMsg") ? header.get("errorMsg") : header.get("resultMsg");
        boolean noData = checkResult(header.get("resultCode"), message);
        Long total = count(root.has("totalCount") ? root.get("totalCount") : root.path("body").get("totalCount"));
        if (noData) {
            return PortalPage.empty(total == null ? 0L : total);
        }
        return new PortalPage(items(root.get("body")), total);
    }
}
