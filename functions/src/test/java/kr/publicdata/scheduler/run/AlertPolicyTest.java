package kr.publicdata.scheduler.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One alert per cause per quiet period; a changed cause alerts at once; the first clean run says "recovered". */
class AlertPolicyTest {

    private static final Instant T0 = Instant.parse("2026-12-05T00:05:00Z");
    private final AlertPolicy policy = new AlertPolicy(Duration.ofHours(6));

    @Test
    void decide_sameCauseWithinQuietPeriod_isSilentThenAlertsAgainAfterIt() {
        AlertPolicy.Decision first = policy.decide(AlertPolicy.State.QUIET, failed("cctv", "ACCESS_DENIED", "30"), T0);
        AlertPolicy.Decision hourLater = policy.decide(first.next(), failed("cctv", "ACCESS_DENIED", "30"), T0.plusSeconds(3600));
        AlertPolicy.Decision sixHoursLater = policy.decide(hourLater.next(), failed("cctv", "ACCESS_DENIED", "30"),
                T0.plus(Duration.ofHours(6)).plusSeconds(1));

        assertThat(first.kind()).isEqualTo(AlertPolicy.Kind.PROBLEM);
        assertThat(hourLater.publish()).isFalse();
        assertThat(sixHoursLater.kind()).isEqualTo(AlertPolicy.Kind.PROBLEM);
    }

    @Test
    void decide_changedCause_alertsAtOnce() {
        AlertPolicy.State failing = policy.decide(AlertPolicy.State.QUIET, failed("cctv", "ACCESS_DENIED", "30"), T0).next();

        assertThat(policy.decide(failing, failed("cctv", "QUOTA_EXCEEDED", "22"), T0.plusSeconds(60)).publish()).isTrue();
    }

    @Test
    void decide_warningsWhoseNumbersChange_areTheSameCause() {
        AlertPolicy.State warned = policy.decide(AlertPolicy.State.QUIET, warned("cctv: totalCount changed from 100 to 50 (-50%) since the last run"), T0).next();

        assertThat(policy.decide(warned, warned("cctv: totalCount changed from 98 to 40 (-59%) since the last run"),
                T0.plusSeconds(3600)).publish()).isFalse();
    }

    @Test
    void decide_cleanRunAfterFailures_recoversOnceThenStaysQuiet() {
        AlertPolicy.State failing = policy.decide(AlertPolicy.State.QUIET, failed("cctv", "TRANSIENT", "HTTP 503"), T0).next();

        AlertPolicy.Decision recovered = policy.decide(failing, clean(), T0.plusSeconds(3600));
        AlertPolicy.Decision next = policy.decide(recovered.next(), clean(), T0.plusSeconds(7200));

        assertThat(recovered.kind()).isEqualTo(AlertPolicy.Kind.RECOVERED);
        assertThat(next.publish()).isFalse();
    }

    @Test
    void decide_skippedRun_neverAlertsNorChangesState() {
        Map<String, Object> skipped = clean();
        skipped.put("status", "SKIPPED");
        AlertPolicy.State failing = new AlertPolicy.State(true, "x", T0.toString());

        assertThat(policy.decide(failing, skipped, T0)).isEqualTo(new AlertPolicy.Decision(null, failing));
    }

    private static Map<String, Object> clean() {
        Map<String, Object> record = new HashMap<>();
        record.put("status", "SUCCESS");
        record.put("warnings", List.of());
        record.put("sources", List.of(Map.of("source", "cctv", "status", "SUCCESS")));
        return record;
    }

    private static Map<String, Object> failed(String source, String type, String code) {
        Map<String, Object> record = clean();
        record.put("status", "PARTIAL");
        record.put("sources", List.of(Map.of("source", source, "status", "FAILED", "error", Map.of("type", type, "code", code))));
        return record;
    }

    private static Map<String, Object> warned(String warning) {
        Map<String, Object> record = clean();
        record.put("warnings", List.of(warning));
        return record;
    }
}
