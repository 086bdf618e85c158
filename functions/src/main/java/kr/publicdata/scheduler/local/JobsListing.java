package kr.publicdata.scheduler.local;

import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.JobDefinition;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of {@code ./scheduler jobs}: one block per job with its schedule, time zone, description,
 * sources and next three run times in KST. Sources and run times take one line each, so the table stays
 * narrow enough for a terminal.
 */
public final class JobsListing {

    /** How many upcoming runs each job shows. */
    public static final int RUNS = 3;

    private static final ZoneId KST = ZoneId.of("Asia/Seoul");
    // The zone is fixed to KST by contract, so the label is literal rather than a zone-name pattern.
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'KST'");
    private static final List<String> HEADER =
            List.of("JOB", "SCHEDULE", "TIME ZONE", "DESCRIPTION", "SOURCES", "NEXT RUNS (KST)");
    private static final String GAP = "  ";

    private final Catalogue catalogue;
    private final Clock clock;

    public JobsListing(Catalogue catalogue, Clock clock) {
        this.catalogue = catalogue;
        this.clock = clock;
    }

    /** The whole listing, one line per row, each line ending in a newline. */
    /** {@code ./scheduler jobs}: prints the listing for now. */
    public static void main(String[] args) {
        System.out.print(new JobsListing(Catalogue.load(), Clock.systemUTC()).render());
    }

    public String render() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        Instant now = clock.instant();
        for (JobDefinition job : catalogue.jobs()) {
            rows.addAll(rowsOf(job, now));
        }
        return format(rows);
    }

    /** A job's first row carries every single-valued column; the rows below continue its lists. */
    private List<List<String>> rowsOf(JobDefinition job, Instant now) {
        List<String> runs = job.nextRuns(now, RUNS, catalogue.zone()).stream()
                .map(run -> RUN_TIME.format(run.withZoneSameInstant(KST)))
                .toList();
        int height = Math.max(1, Math.max(job.sources().size(), runs.size()));
        List<List<String>> rows = new ArrayList<>(height);
        for (int i = 0; i < height; i++) {
            boolean first = i == 0;
            rows.add(List.of(
                    first ? job.name() : "",
                    first ? job.schedule() : "",
                    first ? catalogue.timeZone() : "",
                    first ? nullToEmpty(job.description()) : "",
                    i < job.sources().size() ? job.sources().get(i) : "",
                    i < runs.size() ? runs.get(i) : ""));
        }
        return rows;
    }

    private static String format(List<List<String>> rows) {
        int columns = HEADER.size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(c == 0 ? "" : GAP).append(pad(row.get(c), widths[c]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
