package kr.publicdata.scheduler.catalogue;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An EventBridge Scheduler {@code cron(...)} expression, with its next run times in a time zone.
 *
 * <p>Why evaluating it as Quartz is safe: EventBridge's six fields ({@code minutes hours day-of-month
 * month day-of-week year}) are Quartz's last six, with the same values (day-of-week 1-7 = SUN-SAT, month
 * 1-12 or JAN-DEC) and the same wildcards with the same meanings ({@code , - * / ?}; {@code L} the last
 * day of the month, {@code nW} the weekday nearest day n, {@code nL} the last weekday n of the month,
 * {@code n#k} the k-th weekday n of the month). EventBridge has no seconds field and always runs at
 * second 0, so the Quartz form is the same text with {@code "0 "} in front, and Quartz's optional year is
 * always there.
 *
 * <p>What differs, and is enforced here so that only expressions EventBridge accepts get through:
 * exactly six fields (Quartz reads six fields as seconds first and no year, so a missing or extra field
 * would silently shift every other one); exactly one of day-of-month
 * and day-of-week is {@code ?} (EventBridge's rule; cron-utils' Quartz rejects the same cases, but with a
 * misleading message); each field only uses the wildcards EventBridge lists for it (no {@code /} in
 * day-of-week, {@code ?} only in the two day fields); and no Quartz-only {@code L-n} day-of-month offset.
 * One difference is left: EventBridge takes years up to 2199, cron-utils' Quartz stops at 2099, so a
 * year past 2099 is rejected here.
 */
public final class ScheduleExpression {

    private static final String VALID = "expected cron(minutes hours day-of-month month day-of-week year), "
            + "e.g. cron(0 3 * * ? *), with exactly one of day-of-month and day-of-week set to ?";

    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)", Pattern.DOTALL);

    /** The characters EventBridge allows in each field (letters only where names are allowed). */
    private static final Pattern[] FIELD_CHARACTERS = {
        Pattern.compile("[0-9,*/-]+"),
        Pattern.compile("[0-9,*/-]+"),
        Pattern.compile("[0-9,*/?LW-]+"),
        Pattern.compile("[0-9A-Za-z,*/-]+"),
        Pattern.compile("[0-9A-Za-z,*?#-]+"),
        Pattern.compile("[0-9,*/-]+"),
    };

    private static final String[] FIELD_NAMES = {"minutes", "hours", "day-of-month", "month", "day-of-week", "year"};

    // Built once and shared: building the Quartz definition is the costly part, parsing keeps no state.
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final String expression;
    private final String quartz;
    private final ExecutionTime executionTime;

    private ScheduleExpression(String expression, String quartz, ExecutionTime executionTime) {
        this.expression = expression;
        this.quartz = quartz;
        this.executionTime = executionTime;
    }

    /**
     * Parses an EventBridge Scheduler {@code cron(...)} expression.
     *
     * @throws IllegalArgumentException for {@code rate(...)}, {@code at(...)} or anything else that is not
     *         a cron expression EventBridge would accept, saying what is valid
     */
    public static ScheduleExpression parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw invalid(expression, "it is empty");
        }
        String text = expression.strip();
        if (text.startsWith("rate(") || text.startsWith("at(")) {
            throw invalid(text, "only cron(...) schedules are supported, not rate(...) or at(...)");
        }
        Matcher matcher = CRON.matcher(text);
        if (!matcher.matches()) {
            throw invalid(text, "it is not of the form cron(...)");
        }
        String[] fields = matcher.group(1).strip().split("\\s+");
        if (fields.length != 6) {
            throw invalid(text, "it has " + fields.length + " fields");
        }
        checkFields(text, fields);
        String quartz = "0 " + String.join(" ", fields);
        try {
            return new ScheduleExpression(text, quartz, ExecutionTime.forCron(QUARTZ.parse(quartz)));
        } catch (IllegalArgumentException e) {
            throw invalid(text, e.getMessage());
        }
    }

    private static void checkFields(String text, String[] fields) {
        for (int i = 0; i < fields.length; i++) {
            if (!FIELD_CHARACTERS[i].matcher(fields[i]).matches()) {
                throw invalid(text, "the " + FIELD_NAMES[i] + " field " + fields[i] + " uses a character EventBridge does not allow there");
            }
        }
        boolean dayOfMonthUnset = fields[2].equals("?");
        boolean dayOfWeekUnset = fields[4].equals("?");
        if (dayOfMonthUnset == dayOfWeekUnset) {
            throw invalid(text, dayOfMonthUnset
                    ? "both day-of-month and day-of-week are ?"
                    : "neither day-of-month nor day-of-week is ?");
        }
        if (fields[2].contains("L-")) {
            throw invalid(text, "L-n day-of-month offsets are Quartz-only");
        }
        // Day-of-week L is either alone (the last day of the week, SAT in both grammars) or nL (the last
        // weekday n of the month); no weekday name contains an L, so any other L is a typo.
        if (fields[4].contains("L") && !fields[4].matches("[1-7]?L")) {
            throw invalid(text, "L in day-of-week must be alone or follow a weekday number, e.g. 6L for the last Friday");
        }
    }

    private static IllegalArgumentException invalid(String expression, String why) {
        return new IllegalArgumentException("invalid schedule \"" + expression + "\": " + why + "; " + VALID);
    }

    /** The expression as EventBridge takes it, e.g. {@code cron(0 3 * * ? *)}. */
    public String expression() {
        return expression;
    }

    /** The same schedule in Quartz's seven-field form, e.g. {@code 0 0 3 * * ? *}. */
    public String quartz() {
        return quartz;
    }

    /**
     * The next {@code count} run times strictly after {@code after}, evaluated in {@code zone}; fewer when
     * the schedule ends (a fixed year).
     */
    public List<ZonedDateTime> nextRuns(Instant after, int count, ZoneId zone) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        // Runs fall on whole seconds, so the next run after t is the next run after t cut to the second.
        ZonedDateTime cursor = after.truncatedTo(ChronoUnit.SECONDS).atZone(zone);
        List<ZonedDateTime> runs = new ArrayList<>(count);
        while (runs.size() < count) {
            Optional<ZonedDateTime> next = executionTime.nextExecution(cursor);
            if (next.isEmpty()) {
                break;
            }
            cursor = next.get();
            runs.add(cursor);
        }
        return List.copyOf(runs);
    }

    /**
     * The latest run time strictly before {@code before}, evaluated in {@code zone}; empty when the schedule
     * has no run before it.
     */
    public Optional<ZonedDateTime> previousRun(Instant before, ZoneId zone) {
        // Runs fall on whole seconds, so "strictly before t" is "strictly before t rounded up to the second";
        // cron-utils would otherwise cut a fractional t down and skip a run at exactly that second.
        Instant cursor = before.truncatedTo(ChronoUnit.SECONDS);
        if (cursor.isBefore(before)) {
            cursor = cursor.plusSeconds(1);
        }
        return executionTime.lastExecution(cursor.atZone(zone));
    }

    @Override
    public String toString() {
        return expression;
    }
}
