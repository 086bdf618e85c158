package kr.publicdata.scheduler.run;

import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.JobDefinition;
import kr.publicdata.scheduler.run.MissedRunCheck.Run;
import kr.publicdata.scheduler.run.MissedRunCheck.Verdict;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/**
 * The missed-run rule on the catalogue's four schedules, with fixed times in KST. 2026-03-01 is a Sunday and
 * the 1st, so the weekly and monthly jobs are both due that morning (04:00 and 05:00, deadlines 10:00 and
 * 11:00 with six hours' grace); the daily job is due at 03:00 (deadline 06:00) and the hourly one at :05
 * (deadline :55). Every expected time was worked out by hand.
 */
class MissedRunCheckTest {

    private static final Catalogue CATALOGUE = Catalogue.load();
    private static final ZoneId KST = ZoneId.of("Asia/Seoul");

    private static Instant kst(int month, int day, int hour, int minute) {
        return ZonedDateTime.of(2026, month, day, hour, minute, 0, 0, KST).toInstant();
    }

    private static Verdict check(String job, Instant now, Run... newestFirst) {
        JobDefinition definition = CATALOGUE.job(job).orElseThrow();
        return MissedRunCheck.check(definition, CATALOGUE.zone(), now, List.of(newestFirst));
    }

    private static Run run(String status, Instant start, Instant end) {
        return new Run(status, start, end);
    }

    @Test
    void catalogue_givesEveryJobItsGrace() {
        assertThat(CATALOGUE.jobs()).extracting(JobDefinition::name, JobDefinition::graceMinutes).containsExactly(
                tuple("dailyDataUpdate", 180),
                tuple("parkingAvailabilityUpdate", 50),
                tuple("weeklyDataUpdate", 360),
                tuple("monthlyDataUpdate", 360));
    }

    @Nested
    class Weekly {

        @Test
        void atTheDeadline_lastWeeksRunStillCounts() {
            Verdict v = check("weeklyDataUpdate", kst(3, 1, 10, 0),
                    run("SUCCESS", kst(2, 22, 4, 0), kst(2, 22, 4, 2)));
            assertThat(v.overdue()).isFalse();
            assertThat(v.dueAt().orElseThrow().toInstant()).as("today's run is not late yet").isEqualTo(kst(2, 22, 4, 0));
            assertThat(v.hoursSinceLastSuccess().orElseThrow()).isCloseTo(7 * 24 + 5 + 58 / 60.0, within(1e-9));
        }

        @Test
        void aMinuteAfterTheDeadline_withTheLastSuccessEightDaysAgo_isOverdue() {
            Verdict v = check("weeklyDataUpdate", kst(3, 1, 10, 1),
                    run("FAILED", kst(3, 1, 4, 0), kst(3, 1, 4, 30)),
                    run("SUCCESS", kst(2, 21, 9, 0), kst(2, 21, 10, 1)));
            assertThat(v.overdue()).isTrue();
            assertThat(v.dueAt().orElseThrow().toInstant()).isEqualTo(kst(3, 1, 4, 0));
            assertThat(v.deadline()).contains(kst(3, 1, 10, 0));
            assertThat(v.lastSuccess()).contains(kst(2, 21, 10, 1));
            assertThat(v.hoursSinceLastSuccess()).contains(8 * 24.0);
        }

        @Test
        void todaysSuccessOrPartialRun_isOnTime() {
            assertThat(check("weeklyDataUpdate", kst(3, 1, 10, 1),
                    run("SUCCESS", kst(3, 1, 4, 0), kst(3, 1, 9, 12))).overdue()).isFalse();
            assertThat(check("weeklyDataUpdate", kst(3, 1, 10, 1),
                    run("PARTIAL", kst(3, 1, 4, 0), kst(3, 1, 9, 12))).overdue())
                    .as("a PARTIAL run ran (and alerted on its own)").isFalse();
        }

        @Test
        void aRunStillGoingWithinItsTimeout_isWaitedFor_untilTheTimeoutPasses() {
            Run going = run("RETRYING", kst(3, 1, 4, 0), null);
            Run lastWeek = run("SUCCESS", kst(2, 22, 4, 0), kst(2, 22, 5, 0));
            Verdict waiting = check("weeklyDataUpdate", kst(3, 1, 10, 1), going, lastWeek);
            assertThat(waiting.overdue()).isFalse();
            assertThat(waiting.running()).isTrue();
            // timeoutMinutes 720: a run started at 04:00 may go on until 16:00, and no longer.
            Verdict stuck = check("weeklyDataUpdate", kst(3, 1, 16, 0), going, lastWeek);
            assertThat(stuck.overdue()).isTrue();
            assertThat(stuck.running()).isFalse();
        }

        @Test
        void aManualRunThatWasGoingAtTheScheduledTime_countsForIt() {
            // The 04:00 start found the manual run holding the lease and was SKIPPED; the manual run ended at 05:00.
            Verdict v = check("weeklyDataUpdate", kst(3, 1, 10, 1),
                    run("SKIPPED", kst(3, 1, 4, 0), kst(3, 1, 4, 0)),
                    run("SUCCESS", kst(2, 28, 23, 0), kst(3, 1, 5, 0)));
            assertThat(v.overdue()).isFalse();
        }
    }

    @Nested
    class Monthly {

        @Test
        void onTheFirstAfterTheDeadline_lastMonthsRunIsNotEnough() {
            Verdict v = check("monthlyDataUpdate", kst(3, 1, 11, 1),
                    run("SUCCESS", kst(2, 1, 5, 0), kst(2, 1, 5, 40)));
            assertThat(v.overdue()).isTrue();
            assertThat(v.dueAt().orElseThrow().toInstant()).isEqualTo(kst(3, 1, 5, 0));
        }

        @Test
        void onTheFirstAtTheDeadline_orWithTodaysRun_isOnTime() {
            Run february = run("SUCCESS", kst(2, 1, 5, 0), kst(2, 1, 5, 40));
            assertThat(check("monthlyDataUpdate", kst(3, 1, 11, 0), february).overdue()).isFalse();
            assertThat(check("monthlyDataUpdate", kst(3, 1, 11, 1),
                    run("SUCCESS", kst(3, 1, 5, 0), kst(3, 1, 5, 20)), february).overdue()).isFalse();
        }

        @Test
        void midMonth_theFirstsRunCounts_andTheHoursGrow() {
            Verdict v = check("monthlyDataUpdate", kst(3, 20, 5, 20), run("SUCCESS", kst(3, 1, 5, 0), kst(3, 1, 5, 20)));
            assertThat(v.overdue()).isFalse();
            assertThat(v.hoursSinceLastSuccess()).contains(19 * 24.0);
        }
    }

    @Nested
    class Hourly {

        @Test
        void at56_withTheLastRunAtThePreviousHour_isOverdue() {
            Verdict v = check("parkingAvailabilityUpdate", kst(3, 1, 10, 56),
                    run("SUCCESS", kst(3, 1, 9, 5), kst(3, 1, 9, 7)));
            assertThat(v.overdue()).isTrue();
            assertThat(v.dueAt().orElseThrow().toInstant()).isEqualTo(kst(3, 1, 10, 5));
        }

        @Test
        void at55_theDeadlineHasNotPassed() {
            assertThat(check("parkingAvailabilityUpdate", kst(3, 1, 10, 55),
                    run("SUCCESS", kst(3, 1, 9, 5), kst(3, 1, 9, 7))).overdue()).isFalse();
        }

        @Test
        void at56_withThisHoursRun_isOnTime() {
            assertThat(check("parkingAvailabilityUpdate", kst(3, 1, 10, 56),
                    run("SUCCESS", kst(3, 1, 10, 5), kst(3, 1, 10, 6))).overdue()).isFalse();
        }

        @Test
        void aSuccessUpTo15MinutesBeforeTheScheduledTime_counts() {
            // Due at 10:05: a manual run that finished at 09:50 counts, one that finished at 09:49 does not.
            assertThat(check("parkingAvailabilityUpdate", kst(3, 1, 10, 56),
                    run("SUCCESS", kst(3, 1, 9, 48), kst(3, 1, 9, 50))).overdue()).isFalse();
            assertThat(check("parkingAvailabilityUpdate", kst(3, 1, 10, 56),
                    run("SUCCESS", kst(3, 1, 9, 47), kst(3, 1, 9, 49))).overdue()).isTrue();
        }
    }

    @Nested
    class Daily {

        @Test
        void afterSixTheMorningsRunMustHaveSucceeded() {
            Run yesterday = run("SUCCESS", kst(3, 1, 3, 0), kst(3, 1, 3, 40));
            assertThat(check("dailyDataUpdate", kst(3, 2, 6, 0), yesterday).overdue()).isFalse();
            assertThat(check("dailyDataUpdate", kst(3, 2, 6, 1), yesterday).overdue()).isTrue();
            assertThat(check("dailyDataUpdate", kst(3, 2, 6, 1),
                    run("SUCCESS", kst(3, 2, 3, 0), kst(3, 2, 4, 10)), yesterday).overdue()).isFalse();
        }
    }

    @Test
    void aJobThatNeverSucceeded_isOverdue_withNoHoursSinceLastSuccess() {
        Verdict never = check("dailyDataUpdate", kst(3, 2, 6, 1));
        assertThat(never.overdue()).isTrue();
        assertThat(never.lastSuccess()).isEmpty();
        assertThat(never.hoursSinceLastSuccess()).isEmpty();
        Verdict onlyFailures = check("dailyDataUpdate", kst(3, 2, 6, 1),
                run("FAILED", kst(3, 2, 3, 0), kst(3, 2, 3, 5)), run("SKIPPED", kst(3, 1, 3, 0), kst(3, 1, 3, 0)));
        assertThat(onlyFailures.overdue()).isTrue();
        assertThat(onlyFailures.hoursSinceLastSuccess()).isEqualTo(Optional.empty());
    }

    @Test
    void runOf_readsAnExecutionsRecord() {
        Run r = Run.of(new HashMap<>(Map.of("status", "SUCCESS",
                "startTime", "2026-03-01T18:00:00.123Z", "endTime", "2026-03-01T18:40:00Z")));
        assertThat(r).isEqualTo(new Run("SUCCESS", Instant.parse("2026-03-01T18:00:00.123Z"),
                Instant.parse("2026-03-01T18:40:00Z")));
        Map<String, Object> running = new HashMap<>();
        running.put("status", "RUNNING");
        running.put("startTime", "2026-03-01T18:00:00Z");
        running.put("endTime", null);
        assertThat(Run.of(running).endTime()).isNull();
        assertThat(Run.of(running).ran()).isFalse();
    }
}
