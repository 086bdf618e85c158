package kr.publicdata.scheduler.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.publicdata.scheduler.catalogue.Family;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The row filters a request's query asks for, applied the way the real API of the dataset's family applies
 * them: family B {@code cond[FIELD::EQ|LIKE|GTE|LT]}, KECO {@code zcode}/{@code zscode}, and for family C any
 * parameter that names a field of the rows (e.g. {@code shlt_se_cd}). Field names match ignoring case.
 */
final class RowFilter {

    private static final Pattern CONDITION = Pattern.compile("cond\\[(.+)::(EQ|LIKE|GTE|LT)]");
    private static final Set<String> KECO_FILTERS = Set.of("zcode", "zscode");

    private RowFilter() {
    }

    /** Every filter in the query, combined; rows are the dataset's, to know which fields exist. */
    static Predicate<ObjectNode> of(Family family, Map<String, String> query, List<ObjectNode> rows) {
        Predicate<ObjectNode> all = row -> true;
        for (Map.Entry<String, String> param : query.entrySet()) {
            all = all.and(filter(family, param.getKey(), param.getValue(), rows));
        }
        return all;
    }

    private static Predicate<ObjectNode> filter(Family family, String name, String value, List<ObjectNode> rows) {
        return switch (family) {
            case B -> name.startsWith("cond[") ? condition(name, value) : row -> true;
            case KECO -> KECO_FILTERS.contains(name) ? equalTo(name, value) : row -> true;
            case C -> rows.stream().anyMatch(row -> field(row, name) != null) ? equalTo(name, value) : row -> true;
            default -> row -> true;
        };
    }

    private static Predicate<ObjectNode> condition(String name, String value) {
        Matcher condition = CONDITION.matcher(name);
        if (!condition.matches()) {
            throw new IllegalArgumentException(name + ": conditions are cond[FIELD::EQ|LIKE|GTE|LT]");
        }
        String field = condition.group(1);
        return switch (condition.group(2)) {
            case "EQ" -> equalTo(field, value);
            case "LIKE" -> row -> text(row, field) != null && text(row, field).contains(value);
            case "GTE" -> comparing(field, name, value, order -> order >= 0);
            default -> comparing(field, name, value, order -> order < 0);
        };
    }

    private static Predicate<ObjectNode> equalTo(String field, String value) {
        return row -> value.equals(text(row, field));
    }

    /**
     * Compares on digits only: the filter value of a date field is YYYYMMDDHHMMSS while the field reads
     * "YYYY-MM-DD HH:MM:SS". A shorter bound compares as a prefix (20261101 is before any time that day). A row
     * without digits in the field matches neither GTE nor LT, like SQL's NULL.
     */
    private static Predicate<ObjectNode> comparing(String field, String name, String value, IntPredicate accepts) {
        String bound = digits(value);
        if (bound.isEmpty()) {
            throw new IllegalArgumentException(name + " needs a number or a date, not \"" + value + "\"");
        }
        return row -> {
            String actual = digits(text(row, field));
            return !actual.isEmpty() && accepts.test(actual.compareTo(bound));
        };
    }

    private static String digits(String text) {
        return text == null ? "" : text.replaceAll("\\D", "");
    }

    private static String text(ObjectNode row, String field) {
        JsonNode node = field(row, field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static JsonNode field(ObjectNode row, String name) {
        JsonNode exact = row.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> entry : row.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
