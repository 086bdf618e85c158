package kr.publicdata.scheduler.workflow;

import kr.publicdata.scheduler.catalogue.JobDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one workflow definition all jobs share ({@code statemachine/update-job.asl.json}) and the
 * substitutions that make it one job's. CDK passes {@link #substitutions} to the state machine as its
 * definition substitutions; the local runner renders the same file with the same map. The per-job parts
 * come from the job catalogue; the rest names the deployed (or local) resources.
 */
public final class WorkflowDefinition {

    /** The definition file, relative to the project root. */
    public static final String FILE = "statemachine/update-job.asl.json";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9]*)}");

    /** The resources the workflow calls, as ARNs or names (CDK passes tokens, the local runner local names). */
    public record Resources(String prepareRunFunctionArn, String finishRunFunctionArn, String fetcherFunctionPrefix,
                            String fetcherFunctionSuffix, String executionsTable, String alertTopicArn) {
    }

    private WorkflowDefinition() {
    }

    public static String read(Path projectRoot) {
        try {
            return Files.readString(projectRoot.resolve(FILE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        }
    }

    /** Every ${Name} the definition uses. */
    public static Set<String> placeholders(String definition) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(definition);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * The substitutions for one job. A fetcher's function is {@code prefix + sourceId + suffix} (e.g. a
     * function name prefix and ":live", the alias every caller invokes).
     *
     * @param enabledSources the job's sources this deployment runs (a source can be disabled)
     */
    public static Map<String, String> substitutions(JobDefinition job, List<String> enabledSources, Resources r) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("JobName", job.name());
        values.put("JobSources", String.join(",", enabledSources));
        values.put("PrepareRunFunctionArn", r.prepareRunFunctionArn());
        values.put("FinishRunFunctionArn", r.finishRunFunctionArn());
        values.put("FetcherFunctionPrefix", r.fetcherFunctionPrefix());
        values.put("FetcherFunctionSuffix", r.fetcherFunctionSuffix());
        values.put("ExecutionsTable", r.executionsTable());
        values.put("AlertTopicArn", r.alertTopicArn());
        return values;
    }

    /** The definition with every placeholder replaced; fails on a placeholder without a value or a value without a placeholder. */
    public static String render(String definition, Map<String, String> values) {
        Set<String> used = placeholders(definition);
        if (!used.equals(values.keySet())) {
            throw new IllegalArgumentException("placeholders " + used + " do not match the values given for "
                    + new TreeSet<>(values.keySet()));
        }
        Matcher m = PLACEHOLDER.matcher(definition);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(jsonEscape(values.get(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String jsonEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
