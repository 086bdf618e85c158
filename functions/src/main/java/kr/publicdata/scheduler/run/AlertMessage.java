package kr.publicdata.scheduler.run;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subject and body an alert carries: readable in an inbox (the email) and the source of the Slack
 * message. The subject fits SNS's limit (100 ASCII characters, one line).
 */
public final class AlertMessage {

    private static final ZoneId KST = ZoneId.of("Asia/Seoul");
    private static final DateTimeFormatter KST_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'KST'");
    private static final Pattern EXECUTION_ARN = Pattern.compile("arn:aws[a-z-]*:states:([a-z]{2}-[a-z]+-\\d):\\d{12}:execution:.*");
    private static final int SUBJECT_LIMIT = 100;

    private AlertMessage() {
    }

    public record Alert(String subject, String message) {
    }

    /**
     * A body read back into its parts, for renderers such as the Slack notifier: the labelled lines at the
     * top ("Job", "Status", "Console", ...) and the sections below ("Failed sources", "Warnings", "Reason",
     * "Totals"), each in order with its lines as written.
     */
    public record Parts(Map<String, String> fields, Map<String, List<String>> sections) {
    }

    private static final Pattern LABELLED = Pattern.compile("([A-Z][A-Za-z ]*):(?:\\s+(.*))?");

    /** The parts of a body this class wrote; a body it did not write yields no fields. */
    public static Parts parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        boolean header = true;
        for (String line : body.split("\\R")) {
            if (line.isBlank()) {
                header = false;
                current = null;
                continue;
            }
            Matcher m = LABELLED.matcher(line);
            if (header && m.matches() && m.group(2) != null) {
                fields.put(m.group(1), m.group(2).strip());
            } else if (!line.startsWith(" ") && !line.startsWith("-") && m.matches()) {
                header = false;
                current = new ArrayList<>();
                sections.put(m.group(1), current);
                if (m.group(2) != null) {
                    current.add(m.group(2).strip());
                }
            } else if (current != null) {
                current.add(line);
            } else {
                return new Parts(Map.of(), Map.of());
            }
        }
        return new Parts(fields, sections);
    }

    public static Alert of(AlertPolicy.Kind kind, Map<String, Object> record) {
        String job = (String) record.get("jobName");
        String status = (String) record.get("status");
        List<?> sources = (List<?>) record.get("sources");
        List<String> failed = sources.stream().map(s -> (Map<?, ?>) s)
                .filter(s -> ExecutionRecord.FAILED.equals(s.get("status"))).map(s -> (String) s.get("source")).toList();
        List<?> warnings = (List<?>) record.get("warnings");
        String subject;
        if (kind == AlertPolicy.Kind.RECOVERED) {
            subject = "[RECOVERED] " + job + " succeeded again";
        } else if (ExecutionRecord.SUCCESS.equals(status)) {
            subject = "[WARNING] " + job + " succeeded with " + warnings.size() + " warning" + (warnings.size() == 1 ? "" : "s");
        } else if (failed.isEmpty()) {
            subject = "[" + status + "] " + job + ": the run did not finish";
        } else {
            subject = "[" + status + "] " + job + ": " + failed.size() + " of " + sources.size() + " sources failed ("
                    + String.join(", ", failed) + ")";
        }
        return new Alert(fitSubject(subject), body(kind, record, failed, warnings));
    }

    private static String body(AlertPolicy.Kind kind, Map<String, Object> record, List<String> failed, List<?> warnings) {
        StringBuilder b = new StringBuilder();
        String executionId = (String) record.get("executionId");
        line(b, "Job", record.get("jobName"));
        line(b, "Status", record.get("status") + (kind == AlertPolicy.Kind.RECOVERED ? " (recovered after failures)" : ""));
        line(b, "Trigger", record.get("trigger") + (record.get("requestedBy") == null ? "" : " by " + record.get("requestedBy")));
        line(b, "Started", kst((String) record.get("startTime")));
        line(b, "Duration", duration(record.get("durationMs")));
        line(b, "Execution", executionId);
        String console = consoleLink(executionId);
        if (console != null) {
            line(b, "Console", console);
        }
        if (!failed.isEmpty()) {
            b.append("\nFailed sources:\n");
            for (Object entry : (List<?>) record.get("sources")) {
                Map<?, ?> source = (Map<?, ?>) entry;
                if (source.get("error") instanceof Map<?, ?> error) {
                    b.append("- ").append(source.get("source")).append(": ").append(error.get("type"))
                            .append(error.get("code") == null ? "" : " (code " + error.get("code") + ")").append('\n')
                            .append("  ").append(error.get("meaning")).append('\n')
                            .append("  What to do: ").append(error.get("remediation")).append('\n');
                }
            }
        } else if (record.get("errorMessage") != null && !ExecutionRecord.SUCCESS.equals(record.get("status"))) {
            b.append("\nReason: ").append(record.get("errorMessage")).append('\n');
        }
        if (!warnings.isEmpty()) {
            b.append("\nWarnings:\n");
            warnings.forEach(w -> b.append("- ").append(w).append('\n'));
        }
        if (record.get("result") instanceof Map<?, ?> result) {
            b.append("\nTotals: created ").append(result.get("created")).append(", updated ").append(result.get("updated"))
                    .append(", unchanged ").append(result.get("unchanged")).append(", removed ").append(result.get("removed"))
                    .append(", invalid ").append(result.get("invalid")).append("; retries ").append(record.get("retryCount"))
                    .append('\n');
        }
        return b.toString();
    }

    /** The execution's page in the Step Functions console, in the execution's own region; null for local runs. */
    public static String consoleLink(String executionArn) {
        Matcher m = executionArn == null ? null : EXECUTION_ARN.matcher(executionArn);
        if (m == null || !m.matches()) {
            return null;
        }
        String region = m.group(1);
        return "https://" + region + ".console.aws.amazon.com/states/home?region=" + region
                + "#/v2/executions/details/" + executionArn;
    }

    private static void line(StringBuilder b, String label, Object value) {
        b.append(String.format("%-10s %s%n", label + ":", value));
    }

    private static String kst(String iso) {
        return iso == null ? "-" : KST_TIME.format(Instant.parse(iso).atZone(KST));
    }

    private static String duration(Object millis) {
        if (!(millis instanceof Number n)) {
            return "-";
        }
        Duration d = Duration.ofMillis(n.longValue());
        return d.toHours() > 0 ? String.format("%dh %02dm %02ds", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format("%dm %02ds", d.toMinutes(), d.toSecondsPart());
    }

    private static String fitSubject(String subject) {
        String ascii = subject.replaceAll("[^\\x20-\\x7E]", "?");
        return ascii.length() <= SUBJECT_LIMIT ? ascii : ascii.substring(0, SUBJECT_LIMIT - 3) + "...";
    }
}
