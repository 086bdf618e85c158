package kr.publicdata.scheduler.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Decides whether a finished run alerts. A run that ends PARTIAL or FAILED, or carries warnings, alerts —
 * unless the job is already failing for the same cause and the last alert is younger than the quiet
 * period (the hourly parking job would otherwise alert 24 times a day). The first clean run after
 * failures sends one "recovered" alert. The state lives in the executions table, one item per job.
 */
public final class AlertPolicy {

    /** What the job last alerted about. */
    public record State(boolean failing, String cause, String lastAlertAt) {
        public static final State QUIET = new State(false, null, null);
    }

    public enum Kind { PROBLEM, RECOVERED }

    /** @param kind null when nothing is sent */
    public record Decision(Kind kind, State next) {
        public boolean publish() {
            return kind != null;
        }
    }

    private final Duration quietPeriod;

    public AlertPolicy(Duration quietPeriod) {
        this.quietPeriod = quietPeriod;
    }

    public Decision decide(State state, Map<String, Object> record, Instant now) {
        String status = (String) record.get("status");
        if (ExecutionRecord.SKIPPED.equals(status)) {
            return new Decision(null, state);
        }
        boolean problem = !ExecutionRecord.SUCCESS.equals(status) || !((List<?>) record.get("warnings")).isEmpty();
        if (!problem) {
            return state.failing() ? new Decision(Kind.RECOVERED, State.QUIET) : new Decision(null, state);
        }
        String cause = cause(record);
        boolean repeat = state.failing() && cause.equals(state.cause()) && state.lastAlertAt() != null
                && Instant.parse(state.lastAlertAt()).plus(quietPeriod).isAfter(now);
        return repeat ? new Decision(null, state) : new Decision(Kind.PROBLEM, new State(true, cause, now.toString()));
    }

    /**
     * What makes two problems "the same cause": the status, which sources failed with which error, and the
     * kinds of warnings (numbers in warnings change every run, so they are ignored).
     */
    static String cause(Map<String, Object> record) {
        TreeSet<String> parts = new TreeSet<>();
        for (Object entry : (List<?>) record.get("sources")) {
            Map<?, ?> source = (Map<?, ?>) entry;
            if (source.get("error") instanceof Map<?, ?> error) {
                parts.add("failed:" + source.get("source") + ":" + error.get("type") + ":" + error.get("code"));
            }
        }
        for (Object warning : (List<?>) record.get("warnings")) {
            parts.add("warning:" + String.valueOf(warning).replaceAll("[0-9][0-9.,%+-]*", "#"));
        }
        String reason = record.get("errorMessage") == null || !parts.isEmpty() ? "" : "|" + record.get("errorMessage");
        return record.get("status") + "|" + String.join(",", parts) + reason;
    }
}
