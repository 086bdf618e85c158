package kr.publicdata.scheduler.catalogue;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Next run times of the catalogue's schedules in KST. Every expected time was worked out by hand (weekdays
 * checked against a calendar), never taken from the code under test.
 */
class ScheduleExpressionTest {

    private static final ZoneId KST = ZoneId.of("Asia/Seoul");
    private static final Catalogue CATALOGUE = Catalogue.load();

    private static ZonedDateTime kst(int year, int month, int day, int hour, int minute) {
        return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, KST);
    }

    private static List<ZonedDateTime> next3(String job, ZonedDateTime from) {
        return next3(job, from.toInstant());
    }

    private static List<ZonedDateTime> next3(String job, Instant from) {
        JobDefinition definition = CATALOGUE.job(job).orElseThrow();
        return definition.nextRuns(from, 3, CATALOGUE.zone());
    }

    @Test
    void catalogueIsEvaluatedInSeoulTime() {
        assertThat(CATALOGUE.zone()).isEqualTo(KST);
    }

    @Nested
    class PreviousRun {

        @Test
        void isTheLatestRunStrictlyBefore() {
            ScheduleExpression weekly = ScheduleExpression.parse("cron(0 4 ? * SUN *)");
            // 2026-03-01 is a Sunday; at exactly 04:00 that run is not "before" yet.
            assertThat(weekly.previousRun(kst(2026, 3, 1, 4, 0).toInstant(), KST)).contains(kst(2026, 2, 22, 4, 0));
            assertThat(weekly.previousRun(kst(2026, 3, 1, 4, 0).toInstant().plusMillis(1), KST))
                    .contains(kst(2026, 3, 1, 4, 0));
            ScheduleExpression monthly = ScheduleExpression.parse("cron(0 5 1 * ? *)");
            assertThat(monthly.previousRun(kst(2026, 3, 1, 4, 59).toInstant(), KST)).contains(kst(2026, 2, 1, 5, 0));
            ScheduleExpression hourly = ScheduleExpression.parse("cron(5 * * * ? *)");
            assertThat(hourly.previousRun(kst(2026, 3, 1, 0, 4).toInstant(), KST)).contains(kst(2026, 2, 28, 23, 5));
        }

        @Test
        void isEmptyBeforeAFixedYearStarts() {
            assertThat(ScheduleExpression.parse("cron(0 3 * * ? 2030)").previousRun(Instant.parse("2026-01-01T00:00:00Z"), KST))
                    .isEmpty();
        }
    }

    @Nested
    class DailyAt0300 {
        private static final String JOB = "dailyDataUpdate";

        @Test
        void acrossAMonthEnd() {
            assertThat(next3(JOB, kst(2026, 1, 31, 23, 30)))
                    .containsExactly(kst(2026, 2, 1, 3, 0), kst(2026, 2, 2, 3, 0), kst(2026, 2, 3, 3, 0));
        }

        @Test
        void acrossAYearEnd() {
            assertThat(next3(JOB, kst(2026, 12, 31, 23, 30)))
                    .containsExactly(kst(2027, 1, 1, 3, 0), kst(2027, 1, 2, 3, 0), kst(2027, 1, 3, 3, 0));
        }

        @Test
        void throughALeapDay() {
            assertThat(next3(JOB, kst(2028, 2, 28, 3, 0)))
                    .containsExactly(kst(2028, 2, 29, 3, 0), kst(2028, 3, 1, 3, 0), kst(2028, 3, 2, 3, 0));
        }

        @Test
        void threeInTheMorningKstIsSixPmUtcTheDayBefore() {
            // 2026-03-15 02:59 KST is 2026-03-14 17:59 UTC: the run is an hour later, still on the 14th in UTC.
            List<ZonedDateTime> runs = next3(JOB, Instant.parse("2026-03-14T17:59:00Z"));
            assertThat(runs).containsExactly(kst(2026, 3, 15, 3, 0), kst(2026, 3, 16, 3, 0), kst(2026, 3, 17, 3, 0));
            assertThat(runs.getFirst().toInstant()).isEqualTo(Instant.parse("2026-03-14T18:00:00Z"));
        }

        @Test
        void aMinuteAfterTheRunWaitsForTomorrow() {
            assertThat(next3(JOB, Instant.parse("2026-03-14T18:01:00Z")))
                    .containsExactly(kst(2026, 3, 16, 3, 0), kst(2026, 3, 17, 3, 0), kst(2026, 3, 18, 3, 0));
        }
    }

    @Nested
    class HourlyAt05 {
        private static final String JOB = "parkingAvailabilityUpdate";

        @Test
        void acrossMidnightKst() {
            // 23:05 KST exactly is a run; "after" is strict, so the next is 00:05 on the next day.
            assertThat(next3(JOB, kst(2026, 5, 9, 23, 5)))
                    .containsExactly(kst(2026, 5, 10, 0, 5), kst(2026, 5, 10, 1, 5), kst(2026, 5, 10, 2, 5));
        }

        @Test
        void midnightKstIsThreePmUtc() {
            List<ZonedDateTime> runs = next3(JOB, Instant.parse("2026-05-09T14:50:00Z"));
            assertThat(runs).containsExactly(kst(2026, 5, 10, 0, 5), kst(2026, 5, 10, 1, 5), kst(2026, 5, 10, 2, 5));
            assertThat(runs.getFirst().toInstant()).isEqualTo(Instant.parse("2026-05-09T15:05:00Z"));
        }

        @Test
        void acrossMidnightUtc() {
            // 09:00 KST is 00:00 UTC: nothing special happens there.
            assertThat(next3(JOB, kst(2026, 5, 10, 8, 30)))
                    .containsExactly(kst(2026, 5, 10, 9, 5), kst(2026, 5, 10, 10, 5), kst(2026, 5, 10, 11, 5));
        }

        @Test
        void acrossAMonthEnd() {
            assertThat(next3(JOB, kst(2026, 1, 31, 23, 30)))
                    .containsExactly(kst(2026, 2, 1, 0, 5), kst(2026, 2, 1, 1, 5), kst(2026, 2, 1, 2, 5));
        }

        @Test
        void acrossAYearEnd() {
            assertThat(next3(JOB, kst(2026, 12, 31, 23, 30)))
                    .containsExactly(kst(2027, 1, 1, 0, 5), kst(2027, 1, 1, 1, 5), kst(2027, 1, 1, 2, 5));
        }

        @Test
        void intoALeapDay() {
            assertThat(next3(JOB, kst(2028, 2, 28, 23, 30)))
                    .containsExactly(kst(2028, 2, 29, 0, 5), kst(2028, 2, 29, 1, 5), kst(2028, 2, 29, 2, 5));
        }

        @Test
        void secondsBeforeARunStillCatchIt() {
            assertThat(next3(JOB, kst(2026, 5, 10, 10, 4).plusSeconds(59).plusNanos(999_000_000)))
                    .containsExactly(kst(2026, 5, 10, 10, 5), kst(2026, 5, 10, 11, 5), kst(2026, 5, 10, 12, 5));
        }

        @Test
        void aFractionOfASecondAfterARunMissesIt() {
            assertThat(next3(JOB, kst(2026, 5, 10, 10, 5).plusNanos(1_000_000)))
                    .containsExactly(kst(2026, 5, 10, 11, 5), kst(2026, 5, 10, 12, 5), kst(2026, 5, 10, 13, 5));
        }
    }

    @Nested
    class SundaysAt0400 {
        private static final String JOB = "weeklyDataUpdate";

        @Test
        void fromASaturday() {
            // 2026-12-05 is a Saturday.
            assertThat(next3(JOB, kst(2026, 12, 5, 12, 0)))
                    .containsExactly(kst(2026, 12, 6, 4, 0), kst(2026, 12, 13, 4, 0), kst(2026, 12, 20, 4, 0));
        }

        @Test
        void fromASundayAt0359() {
            assertThat(next3(JOB, kst(2026, 12, 6, 3, 59)))
                    .containsExactly(kst(2026, 12, 6, 4, 0), kst(2026, 12, 13, 4, 0), kst(2026, 12, 20, 4, 0));
        }

        @Test
        void fromASundayAt0400ExactlyTheNextIsAWeekLater() {
            assertThat(next3(JOB, kst(2026, 12, 6, 4, 0)))
                    .containsExactly(kst(2026, 12, 13, 4, 0), kst(2026, 12, 20, 4, 0), kst(2026, 12, 27, 4, 0));
        }

        @Test
        void sundayInKstIsSaturdayInUtc() {
            List<ZonedDateTime> runs = next3(JOB, Instant.parse("2026-12-05T18:59:59Z"));
            assertThat(runs.getFirst()).isEqualTo(kst(2026, 12, 6, 4, 0));
            assertThat(runs.getFirst().toInstant()).isEqualTo(Instant.parse("2026-12-05T19:00:00Z"));
        }

        @Test
        void acrossAMonthEnd() {
            // 2026-01-31 is a Saturday, so the 1st of February is a Sunday.
            assertThat(next3(JOB, kst(2026, 1, 31, 23, 30)))
                    .containsExactly(kst(2026, 2, 1, 4, 0), kst(2026, 2, 8, 4, 0), kst(2026, 2, 15, 4, 0));
        }

        @Test
        void acrossAYearEnd() {
            // 2026-12-31 is a Thursday; the first Sunday of 2027 is the 3rd.
            assertThat(next3(JOB, kst(2026, 12, 31, 23, 30)))
                    .containsExactly(kst(2027, 1, 3, 4, 0), kst(2027, 1, 10, 4, 0), kst(2027, 1, 17, 4, 0));
        }

        @Test
        void onALeapDaySunday() {
            // 2032-02-29 is a Sunday (2028-02-29 is a Tuesday).
            assertThat(next3(JOB, kst(2032, 2, 28, 12, 0)))
                    .containsExactly(kst(2032, 2, 29, 4, 0), kst(2032, 3, 7, 4, 0), kst(2032, 3, 14, 4, 0));
        }
    }

    @Nested
    class FirstOfTheMonthAt0500 {
        private static final String JOB = "monthlyDataUpdate";

        @Test
        void acrossAMonthEnd() {
            assertThat(next3(JOB, kst(2026, 1, 31, 23, 30)))
                    .containsExactly(kst(2026, 2, 1, 5, 0), kst(2026, 3, 1, 5, 0), kst(2026, 4, 1, 5, 0));
        }

        @Test
        void acrossAYearEnd() {
            assertThat(next3(JOB, kst(2026, 12, 31, 23, 30)))
                    .containsExactly(kst(2027, 1, 1, 5, 0), kst(2027, 2, 1, 5, 0), kst(2027, 3, 1, 5, 0));
        }

        @Test
        void fromALeapDay() {
            assertThat(next3(JOB, kst(2028, 2, 29, 0, 0)))
                    .containsExactly(kst(2028, 3, 1, 5, 0), kst(2028, 4, 1, 5, 0), kst(2028, 5, 1, 5, 0));
        }

        @Test
        void fromTheRunItselfTheNextIsAMonthLater() {
            assertThat(next3(JOB, kst(2026, 2, 1, 5, 0)))
                    .containsExactly(kst(2026, 3, 1, 5, 0), kst(2026, 4, 1, 5, 0), kst(2026, 5, 1, 5, 0));
        }

        @Test
        void theFirstAt0500KstIsTheLastDayOfTheMonthInUtc() {
            List<ZonedDateTime> runs = next3(JOB, Instant.parse("2026-02-28T19:00:00Z"));
            assertThat(runs.getFirst()).isEqualTo(kst(2026, 3, 1, 5, 0));
            assertThat(runs.getFirst().toInstant()).isEqualTo(Instant.parse("2026-02-28T20:00:00Z"));
        }
    }

    /** The rest of EventBridge's grammar means the same under Quartz; these pin the parts that could drift. */
    @Nested
    class Grammar {

        private List<ZonedDateTime> next3(String expression, ZonedDateTime from) {
            return ScheduleExpression.parse(expression).nextRuns(from.toInstant(), 3, KST);
        }

        @Test
        void convertsToQuartzWithASecondsField() {
            assertThat(ScheduleExpression.parse(" cron(0 4 ? * SUN *) ").quartz()).isEqualTo("0 0 4 ? * SUN *");
        }

        @Test
        void dayOfWeekOneIsSunday() {
            assertThat(next3("cron(0 4 ? * 1 *)", kst(2026, 12, 5, 12, 0)))
                    .containsExactly(kst(2026, 12, 6, 4, 0), kst(2026, 12, 13, 4, 0), kst(2026, 12, 20, 4, 0));
        }

        @Test
        void nthWeekdayOfTheMonth() {
            // 2#1: the first Monday. 2026-12-01 is a Tuesday.
            assertThat(next3("cron(0 9 ? * 2#1 *)", kst(2026, 12, 1, 0, 0)))
                    .containsExactly(kst(2026, 12, 7, 9, 0), kst(2027, 1, 4, 9, 0), kst(2027, 2, 1, 9, 0));
        }

        @Test
        void lastWeekdayOfTheMonth() {
            // 6L: the last Friday.
            assertThat(next3("cron(0 9 ? * 6L *)", kst(2026, 12, 1, 0, 0)))
                    .containsExactly(kst(2026, 12, 25, 9, 0), kst(2027, 1, 29, 9, 0), kst(2027, 2, 26, 9, 0));
        }

        @Test
        void lastDayOfTheMonthInALeapYear() {
            assertThat(next3("cron(0 12 L * ? *)", kst(2028, 2, 1, 0, 0)))
                    .containsExactly(kst(2028, 2, 29, 12, 0), kst(2028, 3, 31, 12, 0), kst(2028, 4, 30, 12, 0));
        }

        @Test
        void nearestWeekday() {
            // 15W: 2026-08-15 is a Saturday (Friday the 14th), 2026-11-15 a Sunday (Monday the 16th).
            assertThat(next3("cron(0 8 15W * ? *)", kst(2026, 8, 1, 0, 0)))
                    .containsExactly(kst(2026, 8, 14, 8, 0), kst(2026, 9, 15, 8, 0), kst(2026, 10, 15, 8, 0));
            assertThat(next3("cron(0 8 15W * ? *)", kst(2026, 11, 1, 0, 0)).getFirst())
                    .isEqualTo(kst(2026, 11, 16, 8, 0));
        }

        @Test
        void weekdayRangesAndSteps() {
            // 2026-12-04 is a Friday.
            assertThat(next3("cron(0/30 18 ? * MON-FRI *)", kst(2026, 12, 4, 18, 15)))
                    .containsExactly(kst(2026, 12, 4, 18, 30), kst(2026, 12, 7, 18, 0), kst(2026, 12, 7, 18, 30));
        }

        @Test
        void aScheduleThatEndsGivesFewerRuns() {
            assertThat(next3("cron(0 3 1 1 ? 2027)", kst(2026, 6, 1, 0, 0))).containsExactly(kst(2027, 1, 1, 3, 0));
        }

        @Test
        void zeroRunsIsAnEmptyList() {
            assertThat(ScheduleExpression.parse("cron(0 3 * * ? *)").nextRuns(Instant.EPOCH, 0, KST)).isEmpty();
        }
    }

    @Nested
    class Rejected {

        @Test
        void bothDayFieldsQuestionMarks() {
            assertThatThrownBy(() -> ScheduleExpression.parse("cron(0 3 ? * ? *)"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("both day-of-month and day-of-week are ?")
                    .hasMessageContaining("cron(minutes hours day-of-month month day-of-week year)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"cron(0 3 1 * MON *)", "cron(0 3 * * * *)", "cron(0 3 1 * * *)"})
        void neitherDayFieldAQuestionMark(String expression) {
            assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("neither day-of-month nor day-of-week is ?");
        }

        @ParameterizedTest
        @ValueSource(strings = {"rate(1 day)", "rate(5 minutes)", "at(2026-12-05T03:00:00)"})
        void rateAndAtExpressions(String expression) {
            assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only cron(...) schedules are supported")
                    .hasMessageContaining("e.g. cron(0 3 * * ? *)");
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            // five fields: Unix cron without a year; seven: Quartz with seconds
            "cron(0 3 * * ?)         | it has 5 fields",
            "cron(0 0 3 * * ? *)     | it has 7 fields",
            "0 3 * * ? *             | not of the form cron(...)",
            "cron(0 3 * * ? *        | not of the form cron(...)",
            "cron(0 25 * * ? *)      | Value 25 not in range",
            "cron(0 3 32 * ? *)      | Value 32 not in range",
            "cron(0 3 ? * 8 *)       | Value 8 not in range [1, 7]",
            "cron(0 3 ? * FUN *)     | Invalid chars",
            "cron(0 3 ? * 1/2 *)     | the day-of-week field 1/2 uses a character EventBridge does not allow",
            "cron(0 3 L-2 * ? *)     | L-n day-of-month offsets are Quartz-only",
            "cron(0 3 ? * 6L,2 *)    | L in day-of-week must be alone or follow a weekday number",
            "cron(? 3 * * ? *)       | the minutes field ? uses a character",
            // EventBridge allows years up to 2199, cron-utils' Quartz stops at 2099
            "cron(0 3 * * ? 2150)    | Value 2150 not in range",
            "''                      | it is empty",
            "'   '                   | it is empty"
        })
        void malformed(String expression, String why) {
            assertThatThrownBy(() -> ScheduleExpression.parse(expression))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid schedule")
                    .hasMessageContaining(why)
                    .hasMessageContaining("expected cron(minutes hours day-of-month month day-of-week year)");
        }

        @Test
        void nullExpression() {
            assertThatThrownBy(() -> ScheduleExpression.parse(null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("it is empty");
        }

        @Test
        void aCatalogueWithABadScheduleFailsToLoadNamingTheJob() {
            String json = """
                    {"timeZone": "Asia/Seoul",
                     "jobs": [{"name": "brokenJob", "schedule": "cron(0 3 * * * *)", "description": "", "sources": ["cctv"]}],
                     "sources": [{"id": "cctv", "family": "B", "endpoint": "https://example.invalid/"}]}
                    """;
            assertThatThrownBy(() -> Catalogue.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("job brokenJob has an invalid schedule \"cron(0 3 * * * *)\"")
                    .hasMessageContaining("neither day-of-month nor day-of-week is ?");
        }

        @Test
        void aCatalogueWithABadTimeZoneFailsToLoad() {
            String json = """
                    {"timeZone": "KST", "jobs": [], "sources": []}
                    """;
            assertThatThrownBy(() -> Catalogue.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("catalogue time zone KST");
        }
    }
}
