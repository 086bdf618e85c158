package kr.publicdata.scheduler.local;

import kr.publicdata.scheduler.catalogue.Catalogue;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ./scheduler jobs} text for the real catalogue at a fixed moment. */
class JobsListingTest {

    // 2026-12-04 21:00 KST, a Friday evening.
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private static final String EXPECTED = """
            JOB                        SCHEDULE             TIME ZONE   DESCRIPTION                         SOURCES               NEXT RUNS (KST)
            dailyDataUpdate            cron(0 3 * * ? *)    Asia/Seoul  Daily at 03:00 KST                  cctv                  2026-12-05 03:00 KST
                                                                                                            public-wifi           2026-12-06 03:00 KST
                                                                                                            public-toilets        2026-12-07 03:00 KST
                                                                                                            ev-chargers
            parkingAvailabilityUpdate  cron(5 * * * ? *)    Asia/Seoul  Hourly at :05 KST                   parking-availability  2026-12-04 21:05 KST
                                                                                                                                  2026-12-04 22:05 KST
                                                                                                                                  2026-12-04 23:05 KST
            weeklyDataUpdate           cron(0 4 ? * SUN *)  Asia/Seoul  Sundays at 04:00 KST                street-lights         2026-12-06 04:00 KST
                                                                                                            emergency-bells       2026-12-13 04:00 KST
                                                                                                            traffic-cameras       2026-12-20 04:00 KST
            monthlyDataUpdate          cron(0 5 1 * ? *)    Asia/Seoul  The 1st of each month at 05:00 KST  flood-traces          2027-01-01 05:00 KST
                                                                                                            snow-boxes            2027-02-01 05:00 KST
                                                                                                            steep-slopes          2027-03-01 05:00 KST
                                                                                                            earthquake-shelters
            """;

    @Test
    void listsEveryJobWithItsNextThreeRunsInKst() {
        String listing = new JobsListing(Catalogue.load(), Clock.fixed(NOW, ZoneOffset.UTC)).render();

        assertThat(listing).isEqualTo(EXPECTED);
    }

    @Test
    void theClocksOwnZoneDoesNotChangeTheTimes() {
        String listing = new JobsListing(Catalogue.load(), Clock.fixed(NOW, ZoneId.of("America/New_York"))).render();

        assertThat(listing).isEqualTo(EXPECTED);
    }

    @Test
    void noLineEndsInSpaces() {
        String listing = new JobsListing(Catalogue.load(), Clock.fixed(NOW, ZoneOffset.UTC)).render();

        assertThat(listing.lines()).noneMatch(line -> line.endsWith(" "));
    }
}
