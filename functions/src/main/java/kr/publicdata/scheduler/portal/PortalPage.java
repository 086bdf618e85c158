package kr.publicdata.scheduler.portal;

import java.util.List;
import java.util.Map;

/**
 * One page of rows as the portal sent them: each row a flat map of raw field name to text.
 *
 * @param totalCount the portal's total for the whole query, or null when the answer did not say
 */
public record PortalPage(List<Map<String, String>> rows, Long totalCount) {

    public static PortalPage empty(Long totalCount) {
        return new PortalPage(List.of(), totalCount);
    }
}
