package kr.publicdata.scheduler.portal;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * KoTSA parking: resultCode at the top, rows in an array named after the operation
 * ({@code "PrkRealtimeInfo": [...]}); one row may come as an object, and the key is absent when empty.
 */
final class KotsaAdapter extends ResponseAdapter {

    @Override
    public Map<String, String> pageParams(int pageNo, int pageSize) {
        return numberedPage(pageNo, pageSize, "format", "2");
    }

    @Override
    protected PortalPage read(JsonNode root, String operation) {
        boolean noData = checkResult(root.get("resultCode"), root.get("resultMsg"));
        Long total = count(root.get("totalCount"));
        if (noData) {
            return PortalPage.empty(total == null ? 0L : total);
        }
        return new PortalPage(items(root.get(operation)), total);
    }
}
