package kr.publicdata.scheduler.portal;

import com.fasterxml.jackson.databind.JsonNode;
import kr.publicdata.scheduler.catalogue.Family;

import java.util.Map;

/**
 * Families A (standard data, tn_pubr: success "00", items a bare array, counts as strings) and B (MOIS
 * 1741000: success "0", items under items.item, negative error codes). Both wrap header and body in
 * "response"; some newer family-A answers leave the wrapper out, which is accepted too.
 */
final class DataGoKrAdapter extends ResponseAdapter {

    private final Family family;

    DataGoKrAdapter(Family family) {
        this.family = family;
    }

    @Override
    public Map<String, String> pageParams(int pageNo, int pageSize) {
        return family == Family.B ? numberedPage(pageNo, pageSize, "returnType", "JSON")
                : numberedPage(pageNo, pageSize, "type", "json");
    }

    @Override
    protected PortalPage read(JsonNode root, String operation) {
        JsonNode response = root.has("response") ? root.get("response") : root;
        JsonNode header = response.path("header");
        boolean noData = checkResult(header.get("resultCode"), header.get("resultMsg"));
        JsonNode body = response.path("body");
        Long total = count(body.get("totalCount"));
        if (noData) {
            return PortalPage.empty(total == null ? 0L : total);
        }
        if (header.isMissingNode() && body.isMissingNode()) {
            throw PortalException.of(PortalErrorType.TRANSIENT, null,
                    "the answer has neither header nor body", "retried automatically; the portal served a broken page");
        }
        return new PortalPage(items(body.get("items")), total);
    }
}
