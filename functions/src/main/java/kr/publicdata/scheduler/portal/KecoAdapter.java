package kr.publicdata.scheduler.portal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** KECO EV chargers: resultCode and totalCount at the top (no "response" wrapper), rows under items.item. */
final class KecoAdapter extends ResponseAdapter {

    @Override
    public Map<String, String> pageParams(int pageNo, int pageSize) {
        return numberedPage(pageNo, pageSize, "dataType", "JSON");
    }

    @Override
    protected PortalPage read(JsonNode root, String operation) {
        JsonNode base = root.has("response") ? root.path("response") : root;
        JsonNode header = base.has("header") ? base.path("header") : base;
        boolean noData = checkResult(header.get("resultCode"), header.get("resultMsg"));
        JsonNode body = base.has("body") ? base.path("body") : base;
        Long total = count(body.get("totalCount"));
        if (noData) {
            return PortalPage.empty(total == null ? 0L : total);
        }
        return new PortalPage(items(body.get("items")), total);
    }
}
