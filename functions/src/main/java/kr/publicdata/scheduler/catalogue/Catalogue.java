package kr.publicdata.scheduler.catalogue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one job and source catalogue ({@code catalogue.json} on the classpath). Everything that needs to
 * know which jobs and sources exist reads it from here.
 */
public final class Catalogue {

    private static final String RESOURCE = "/catalogue.json";

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Document(String timeZone, List<JobDefinition> jobs, List<SourceDefinition> sources) {
    }

    private final String timeZone;
    private final ZoneId zone;
    private final Map<String, JobDefinition> jobs = new LinkedHashMap<>();
    private final Map<String, SourceDefinition> sources = new LinkedHashMap<>();

    private Catalogue(Document document) {
        this.timeZone = document.timeZone();
        this.zone = zone(document.timeZone());
        document.jobs().forEach(job -> jobs.put(job.name(), job));
        document.sources().forEach(source -> sources.put(source.id(), source));
        for (JobDefinition job : jobs.values()) {
            for (String source : job.sources()) {
                if (!sources.containsKey(source)) {
                    throw new IllegalStateException("job " + job.name() + " names unknown source " + source);
                }
            }
            // Otherwise a bad schedule surfaces only at deploy time or in the first listing; fail now, naming the job.
            try {
                job.scheduleExpression();
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("job " + job.name() + " has an " + e.getMessage(), e);
            }
            // A missing graceMinutes reads as 0, which would report every run overdue the moment it is due.
            if (job.graceMinutes() <= 0) {
                throw new IllegalStateException("job " + job.name() + " needs a positive graceMinutes (how long "
                        + "after a scheduled time the missed-run watchdog waits for its success)");
            }
        }
    }

    private static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException | NullPointerException e) {
            throw new IllegalStateException("catalogue time zone " + timeZone + " is not a region id such as Asia/Seoul", e);
        }
    }

    public static Catalogue load() {
        try (InputStream in = Catalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** Reads a catalogue document; tests use it for catalogues that must be refused. */
    static Catalogue read(InputStream in) throws IOException {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return new Catalogue(mapper.readValue(in, Document.class));
    }

    public String timeZone() {
        return timeZone;
    }

    /** The time zone every schedule is evaluated in (EventBridge Scheduler's ScheduleExpressionTimezone). */
    public ZoneId zone() {
        return zone;
    }

    public List<JobDefinition> jobs() {
        return List.copyOf(jobs.values());
    }

    public List<SourceDefinition> sources() {
        return List.copyOf(sources.values());
    }

    public Optional<JobDefinition> job(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    public Optional<SourceDefinition> source(String id) {
        return Optional.ofNullable(sources.get(id));
    }
}
