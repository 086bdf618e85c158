package kr.publicdata.scheduler.portal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the gateway's own error answers, which come as XML even when JSON was asked for (usually with
 * HTTP 200), sometimes as the same envelope in JSON, and sometimes as an empty body.
 */
final class GatewayErrors {

    private static final Pattern REASON_CODE = tag("returnReasonCode");
    private static final Pattern RESULT_CODE = tag("resultCode");
    private static final Pattern AUTH_MSG = tag("returnAuthMsg");
    private static final Pattern ERR_MSG = tag("errMsg");
    private static final Pattern RESULT_MSG = tag("resultMsg");
    private static final Pattern JSON_REASON_CODE = Pattern.compile("\"returnReasonCode\"\\s*:\\s*\"?(-?\\w+)\"?");
    private static final Pattern JSON_AUTH_MSG = Pattern.compile("\"returnAuthMsg\"\\s*:\\s*\"([^\"]*)\"");

    private GatewayErrors() {
    }

    /** The classified failure the body announces, or null if it does not look like a gateway error. */
    static PortalException sniff(String body) {
        String trimmed = body == null ? "" : body.strip();
        if (trimmed.isEmpty()) {
            return PortalException.of(PortalErrorType.TRANSIENT, null,
                    "the portal answered with an empty body (often a rejected request, not the end of the data)",
                    "retried automatically; if it persists, check the key and the endpoint");
        }
        if (trimmed.startsWith("<")) {
            String code = first(trimmed, REASON_CODE, RESULT_CODE);
            String message = first(trimmed, AUTH_MSG, ERR_MSG, RESULT_MSG);
            if (code != null && !PortalCodes.isSuccess(code)) {
                return PortalCodes.classify(code, message);
            }
            return PortalException.of(PortalErrorType.TRANSIENT, code,
                    "the portal answered XML or HTML instead of JSON (\"" + preview(trimmed) + "\")",
                    "retried automatically; if it persists, check the source's format parameter");
        }
        if (trimmed.contains("OpenAPI_ServiceResponse")) {
            Matcher code = JSON_REASON_CODE.matcher(trimmed);
            Matcher message = JSON_AUTH_MSG.matcher(trimmed);
            if (code.find()) {
                return PortalCodes.classify(code.group(1), message.find() ? message.group(1) : null);
            }
        }
        return null;
    }

    private static Pattern tag(String name) {
        return Pattern.compile("<" + name + ">\\s*([^<]*?)\\s*</" + name + ">");
    }

    private static String first(String text, Pattern... patterns) {
        for (Pattern p : patterns) {
            Matcher m = p.matcher(text);
            if (m.find() && !m.group(1).isBlank()) {
                return m.group(1);
            }
        }
        return null;
    }

    static String preview(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 80) + "...";
    }
}
