package kr.publicdata.scheduler.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.run.AlertMessage;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders what arrives on the alert topic as a Slack Block Kit message: a run alert (the subject and
 * plain-text body of {@link AlertMessage}), a CloudWatch alarm state change (the SNS message is the alarm's
 * JSON), or anything else as its subject and text. The top-level {@code text} is the notification preview.
 */
final class SlackMessage {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId KST = ZoneId.of("Asia/Seoul");
    private static final DateTimeFormatter KST_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'KST'");
    // Block Kit limits: header text 150 characters, section text 3000, field text 2000, 10 fields.
    private static final int HEADER_LIMIT = 150;
    private static final int TEXT_LIMIT = 2900;
    private static final List<String> RUN_FIELDS = List.of("Job", "Status", "Trigger", "Started", "Duration");

    private SlackMessage() {
    }

    static Map<String, Object> render(String subject, String message) {
        String text = message == null ? "" : message;
        JsonNode alarm = alarm(text);
        if (alarm != null) {
            return alarmMessage(alarm);
        }
        AlertMessage.Parts parts = AlertMessage.parse(text);
        if (parts.fields().containsKey("Job") && parts.fields().containsKey("Status")) {
            return runAlert(subject, parts);
        }
        String title = subject == null || subject.isBlank() ? "Public data scheduler notification" : subject;
        return message(title, List.of(header(title), section(escape(truncate(text, TEXT_LIMIT)))));
    }

    private static Map<String, Object> runAlert(String subject, AlertMessage.Parts parts) {
        String title = subject == null || subject.isBlank()
                ? "[" + parts.fields().get("Status") + "] " + parts.fields().get("Job") : subject;
        List<Object> blocks = new ArrayList<>();
        blocks.add(header(runEmoji(title) + " " + title));
        List<Object> fields = new ArrayList<>();
        for (String name : RUN_FIELDS) {
            if (parts.fields().containsKey(name)) {
                fields.add(mrkdwn("*" + name + "*\n" + escape(parts.fields().get(name))));
            }
        }
        blocks.add(Map.of("type", "section", "fields", fields));
        parts.sections().forEach((name, lines) -> {
            if (!"Totals".equals(name)) {
                String body = escape(truncate(String.join("\n", lines), TEXT_LIMIT));
                body = "Failed sources".equals(name) ? "```" + body + "```" : body.replaceAll("(?m)^- ", "• ");
                blocks.add(section("*" + escape(name) + "*\n" + body));
            }
        });
        List<Object> context = new ArrayList<>();
        if (parts.sections().containsKey("Totals")) {
            context.add(mrkdwn("Totals: " + escape(String.join(" ", parts.sections().get("Totals")))));
        }
        if (parts.fields().containsKey("Execution")) {
            context.add(mrkdwn("Execution: `" + escape(parts.fields().get("Execution")) + "`"));
        }
        if (!context.isEmpty()) {
            blocks.add(Map.of("type", "context", "elements", context));
        }
        String console = parts.fields().get("Console");
        if (console != null && console.startsWith("https://")) {
            blocks.add(button("Open in the Step Functions console", console));
        }
        return message(title, blocks);
    }

    private static Map<String, Object> alarmMessage(JsonNode alarm) {
        String name = alarm.path("AlarmName").asText();
        String state = alarm.path("NewStateValue").asText();
        String emoji = switch (state) {
            case "ALARM" -> ":rotating_light:";
            case "OK" -> ":white_check_mark:";
            default -> ":grey_question:";
        };
        String title = state + ": " + name;
        List<Object> blocks = new ArrayList<>();
        blocks.add(header(emoji + " " + title));
        if (!alarm.path("AlarmDescription").asText("").isBlank()) {
            blocks.add(section(escape(truncate(alarm.path("AlarmDescription").asText(), TEXT_LIMIT))));
        }
        List<Object> fields = new ArrayList<>();
        fields.add(mrkdwn("*State*\n" + escape(alarm.path("OldStateValue").asText("?")) + " → " + escape(state)));
        fields.add(mrkdwn("*Since*\n" + kst(alarm.path("StateChangeTime").asText(""))));
        if (alarm.hasNonNull("Region")) {
            fields.add(mrkdwn("*Region*\n" + escape(alarm.get("Region").asText())));
        }
        if (alarm.path("Trigger").hasNonNull("MetricName")) {
            fields.add(mrkdwn("*Metric*\n" + escape(alarm.path("Trigger").path("Namespace").asText("") + " "
                    + alarm.path("Trigger").path("MetricName").asText()).strip()));
        }
        blocks.add(Map.of("type", "section", "fields", fields));
        if (!alarm.path("NewStateReason").asText("").isBlank()) {
            blocks.add(section("*Reason*\n" + escape(truncate(alarm.path("NewStateReason").asText(), TEXT_LIMIT))));
        }
        String region = regionOf(alarm.path("AlarmArn").asText(""));
        if (region != null) {
            blocks.add(button("Open the alarm in CloudWatch", "https://" + region + ".console.aws.amazon.com/cloudwatch/home?region="
                    + region + "#alarmsV2:alarm/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")));
        }
        return message(title, blocks);
    }

    /** The alarm's JSON when the message is a CloudWatch alarm notification, else null. */
    private static JsonNode alarm(String text) {
        if (!text.strip().startsWith("{")) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(text);
            return json != null && json.hasNonNull("AlarmName") && json.hasNonNull("NewStateValue") ? json : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String runEmoji(String subject) {
        if (subject.startsWith("[RECOVERED]")) {
            return ":large_green_circle:";
        }
        if (subject.startsWith("[WARNING]")) {
            return ":warning:";
        }
        if (subject.startsWith("[PARTIAL]")) {
            return ":large_orange_circle:";
        }
        return ":red_circle:";
    }

    private static String regionOf(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 3 && parts[3].matches("[a-z]{2}(-[a-z]+)+-\\d") ? parts[3] : null;
    }

    private static String kst(String time) {
        try {
            // CloudWatch writes "2026-12-05T01:00:00.000+0000": an offset without a colon.
            Instant instant = OffsetDateTime.parse(time, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx")).toInstant();
            return KST_TIME.format(instant.atZone(KST));
        } catch (DateTimeParseException e) {
            return escape(time);
        }
    }

    private static Map<String, Object> message(String fallback, List<Object> blocks) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", truncate(fallback, TEXT_LIMIT));
        message.put("blocks", blocks);
        return message;
    }

    private static Map<String, Object> header(String text) {
        return Map.of("type", "header", "text", Map.of("type", "plain_text", "text", truncate(text, HEADER_LIMIT), "emoji", true));
    }

    private static Map<String, Object> section(String markdown) {
        return Map.of("type", "section", "text", mrkdwn(markdown));
    }

    private static Map<String, Object> mrkdwn(String text) {
        return Map.of("type", "mrkdwn", "text", text);
    }

    private static Map<String, Object> button(String label, String url) {
        return Map.of("type", "actions", "elements", List.of(Map.of("type", "button",
                "text", Map.of("type", "plain_text", "text", label), "url", url)));
    }

    /** Slack's mrkdwn treats these three as markup. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String truncate(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }
}
