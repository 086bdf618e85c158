package kr.publicdata.scheduler.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.store.RunBookkeeping;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the workflow's per-source results into the final execution record: each source's entry (a
 * failure keeps the counts of what it stored before failing), the run's status, totals, retry count,
 * error summary, warnings, end time and duration. The run's bookkeeping is the authority on attempts,
 * retries and API calls, because a failed attempt's own answer is lost with it.
 */
public final class RunSummary {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunSummary() {
    }

    /**
     * @param plan the PrepareRun output ({@code $.run})
     * @param results one entry per source: a fetcher result, or {@code {source, status: FAILED, failure, last}}
     */
    public static Map<String, Object> record(JsonNode plan, JsonNode results,
                                             Map<String, RunBookkeeping.SourceUsage> usage, Instant now) {
        List<Map<String, Object>> sources = new ArrayList<>();
        for (JsonNode result : results) {
            sources.add(sourceEntry(result, usage.get(result.path("source").asText())));
        }
        Map<String, Object> totals = ExecutionRecord.emptyResult();
        int retryCount = 0;
        int failed = 0;
        List<String> warnings = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Map<String, Object> source : sources) {
            for (String count : ExecutionRecord.COUNTS) {
                totals.merge(count, source.get(count), (a, b) -> ((Number) a).intValue() + ((Number) b).intValue());
            }
            retryCount += (int) source.get("retries");
            if (ExecutionRecord.FAILED.equals(source.get("status"))) {
                failed++;
                @SuppressWarnings("unchecked")
                Map<String, Object> error = (Map<String, Object>) source.get("error");
                failures.add(source.get("source") + ": " + error.get("message"));
            }
            @SuppressWarnings("unchecked")
            List<String> sourceWarnings = (List<String>) source.get("warnings");
            sourceWarnings.forEach(w -> warnings.add(source.get("source") + ": " + w));
        }
        totals.put("errors", failed);
        String status = failed == 0 ? ExecutionRecord.SUCCESS
                : failed == sources.size() ? ExecutionRecord.FAILED : ExecutionRecord.PARTIAL;
        String startTime = plan.path("startTime").asText();

        Map<String, Object> record = ExecutionRecord.started(plan.path("executionId").asText(),
                plan.path("jobName").asText(), plan.path("trigger").asText(), text(plan.get("requestedBy")),
                plan.path("mode").asText(), startTime);
        record.put("status", status);
        record.put("endTime", now.toString());
        record.put("durationMs", Math.max(0, Duration.between(Instant.parse(startTime), now).toMillis()));
        record.put("result", totals);
        record.put("retryCount", retryCount);
        record.put("errorMessage", failures.isEmpty() ? null
                : failed + " of " + sources.size() + " sources failed: " + String.join("; ", failures));
        record.put("warnings", warnings);
        record.put("sources", sources);
        return record;
    }

    private static Map<String, Object> sourceEntry(JsonNode result, RunBookkeeping.SourceUsage usage) {
        boolean failed = ExecutionRecord.FAILED.equals(result.path("status").asText());
        JsonNode counts = failed ? result.path("last").path("result") : result;
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("source", result.path("source").asText());
        entry.put("status", failed ? ExecutionRecord.FAILED : ExecutionRecord.SUCCESS);
        entry.put("pull", counts.hasNonNull("pull") ? counts.get("pull").asText() : null);
        entry.put("complete", !failed && counts.path("complete").asBoolean(false));
        for (String count : ExecutionRecord.COUNTS) {
            entry.put(count, counts.path(count).asInt(0));
        }
        Map<String, Object> quality = new LinkedHashMap<>();
        for (String field : List.of("coordinatesSwapped", "locationMissing", "duplicatesCollapsed", "rowsDropped")) {
            quality.put(field, counts.path("quality").path(field).asInt(0));
        }
        entry.put("quality", quality);
        RunBookkeeping.Attempts attempts = usage == null ? null : usage.attempts();
        entry.put("apiCalls", attempts != null ? attempts.apiCalls() : counts.path("apiCalls").asInt(0));
        entry.put("attempts", attempts != null ? attempts.attempts() : Math.max(1, counts.path("attempts").asInt(1)));
        entry.put("retries", attempts != null ? attempts.retries() : counts.path("retries").asInt(0));
        entry.put("error", failed ? error(result.path("failure"), usage) : null);
        List<String> warnings = new ArrayList<>();
        counts.path("warnings").forEach(w -> warnings.add(w.asText()));
        if (failed && counts.isObject()) {
            warnings.add("incomplete pull: the source failed after storing part of its data; nothing removed");
        }
        entry.put("warnings", warnings);
        return entry;
    }

    /** The classified error: the fetcher's own classification when it had one, else the workflow's. */
    static Map<String, Object> error(JsonNode failure, RunBookkeeping.SourceUsage usage) {
        String errorName = failure.path("Error").asText("States.Runtime");
        if (usage != null && usage.lastError() != null && isPortalOrConfiguration(errorName)) {
            return usage.lastError();
        }
        String cause = causeMessage(failure.path("Cause").asText(""));
        ErrorKind kind = ErrorKind.of(errorName);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", kind.name());
        error.put("code", null);
        error.put("meaning", kind.meaning(errorName, cause));
        error.put("remediation", kind.remediation);
        error.put("message", error.get("meaning") + ": " + kind.remediation);
        return error;
    }

    private static boolean isPortalOrConfiguration(String errorName) {
        return errorName.startsWith("kr.publicdata.scheduler.portal.PortalException");
    }

    /** AWS gives a Lambda error's Cause as JSON ({"errorMessage", "errorType"}); other engines give text. */
    static String causeMessage(String cause) {
        String trimmed = cause.strip();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode parsed = JSON.readTree(trimmed);
                if (parsed.hasNonNull("errorMessage")) {
                    return parsed.get("errorMessage").asText();
                }
            } catch (java.io.IOException e) {
                return trimmed;
            }
        }
        return trimmed;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /** Failures that happen outside the fetcher's own classification. */
    enum ErrorKind {
        TIMEOUT("the fetcher ran out of time on every attempt",
                "raise the source's Lambda timeout or memory, or check the portal's response times"),
        LAMBDA("the Lambda service failed to run the fetcher", "retried automatically; check the AWS Health Dashboard"),
        STORE("DynamoDB did not take the writes", "retried automatically; check the records table's throttling"),
        INVALID_INPUT("the run's input was invalid", "fix the input and start the run again"),
        PORTAL("the portal failed", "see the message"),
        UNKNOWN("the fetcher failed unexpectedly", "check the fetcher's logs for this run");

        final String summary;
        final String remediation;

        ErrorKind(String summary, String remediation) {
            this.summary = summary;
            this.remediation = remediation;
        }

        static ErrorKind of(String errorName) {
            if (errorName.equals("States.Timeout") || errorName.equals("Sandbox.Timedout") || errorName.equals("Lambda.Unknown")) {
                return TIMEOUT;
            }
            if (errorName.startsWith("Lambda.")) {
                return LAMBDA;
            }
            if (errorName.endsWith("RecordStoreException")) {
                return STORE;
            }
            if (errorName.endsWith("InvalidRunInputException")) {
                return INVALID_INPUT;
            }
            return errorName.startsWith("kr.publicdata.scheduler.portal.") ? PORTAL : UNKNOWN;
        }

        String meaning(String errorName, String cause) {
            String shortName = errorName.substring(errorName.lastIndexOf('.') + 1);
            String detail = cause.isBlank() ? shortName : shortName + ": " + cause;
            return this == PORTAL ? detail : summary + " (" + detail + ")";
        }
    }
}
