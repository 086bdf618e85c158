package kr.publicdata.scheduler.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The execution record (one item per run), with the contract's field names and order
 * (docs/architecture.md): executionId, jobName, status, trigger, requestedBy, mode, startTime, endTime,
 * durationMs, result, retryCount, errorMessage, warnings, sources.
 */
public final class ExecutionRecord {

    public static final String RUNNING = "RUNNING";
    public static final String RETRYING = "RETRYING";
    public static final String SUCCESS = "SUCCESS";
    public static final String PARTIAL = "PARTIAL";
    public static final String FAILED = "FAILED";
    public static final String SKIPPED = "SKIPPED";
    public static final List<String> FINAL = List.of(SUCCESS, PARTIAL, FAILED, SKIPPED);
    public static final List<String> COUNTS = List.of("created", "updated", "unchanged", "removed", "invalid");

    private ExecutionRecord() {
    }

    static Map<String, Object> started(String executionId, String jobName, String trigger, String requestedBy,
                                       String mode, String startTime) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("executionId", executionId);
        record.put("jobName", jobName);
        record.put("status", RUNNING);
        record.put("trigger", trigger);
        record.put("requestedBy", requestedBy);
        record.put("mode", mode);
        record.put("startTime", startTime);
        record.put("endTime", null);
        record.put("durationMs", null);
        record.put("result", null);
        record.put("retryCount", 0);
        record.put("errorMessage", null);
        record.put("warnings", List.of());
        record.put("sources", List.of());
        return record;
    }

    static Map<String, Object> skipped(Map<String, Object> started, String reason) {
        Map<String, Object> record = new LinkedHashMap<>(started);
        record.put("status", SKIPPED);
        record.put("endTime", started.get("startTime"));
        record.put("durationMs", 0);
        record.put("result", emptyResult());
        record.put("errorMessage", reason);
        return record;
    }

    static Map<String, Object> emptyResult() {
        Map<String, Object> result = new LinkedHashMap<>();
        COUNTS.forEach(c -> result.put(c, 0));
        result.put("errors", 0);
        return result;
    }
}
