package kr.publicdata.scheduler.run;

import com.fasterxml.jackson.databind.JsonNode;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.JobDefinition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads whatever input a run was started with — the schedule's, the admin API's, the local runner's,
 * {@code {}}, or the console's default {@code {"Comment": "Insert your JSON here"}} — and plans the run:
 * trigger, mode, sources, and the DynamoDB items the workflow writes for the lease and the record.
 */
public final class RunPlanner {

    static final Set<String> TRIGGERS = Set.of("schedule", "manual", "local");
    static final List<String> MODES = List.of("auto", "full", "incremental");

    private final Catalogue catalogue;

    public RunPlanner(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * @param jobSources the job's enabled sources, comma-separated (the deployment may disable some)
     */
    public Map<String, Object> plan(String jobName, String jobSources, String executionId, String startTime,
                                    JsonNode input) {
        JobDefinition job = catalogue.job(jobName).orElseThrow(() -> new InvalidRunInputException(
                "unknown job \"" + jobName + "\": valid jobs are " + catalogue.jobs().stream().map(JobDefinition::name).toList()));
        List<String> enabled = jobSources == null || jobSources.isBlank() ? job.sources()
                : Arrays.stream(jobSources.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        JsonNode in = input != null && input.isObject() ? input : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        String trigger = in.path("trigger").isTextual() && TRIGGERS.contains(in.get("trigger").asText())
                ? in.get("trigger").asText() : "console";
        String requestedBy = "manual".equals(trigger) && in.path("requestedBy").isTextual()
                ? in.get("requestedBy").asText() : null;
        String mode = mode(in);
        List<String> sources = sources(in, job, enabled);
        String leaseUntil = Instant.parse(startTime).plus(Duration.ofMinutes(job.timeoutMinutes())).toString();

        List<Map<String, Object>> iterations = new ArrayList<>();
        List<Map<String, Object>> liveSources = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            iterations.add(Map.of("source", sources.get(i), "index", i));
            liveSources.add(ordered("source", sources.get(i), "status", "RUNNING"));
        }
        Map<String, Object> record = ExecutionRecord.started(executionId, jobName, trigger, requestedBy, mode, startTime);
        Map<String, Object> running = new LinkedHashMap<>(record);
        running.put("sources", liveSources);
        Map<String, Object> skipped = ExecutionRecord.skipped(record, "skipped: another run of " + jobName
                + " was still in progress (its lease had not ended)");

        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("jobName", jobName);
        plan.put("executionId", executionId);
        plan.put("startTime", startTime);
        plan.put("trigger", trigger);
        plan.put("requestedBy", requestedBy);
        plan.put("mode", mode);
        plan.put("sources", iterations);
        plan.put("leaseKey", Map.of(ExecutionsTable.KEY, Map.of("S", ExecutionsTable.leaseKey(jobName))));
        plan.put("leaseItem", DynamoJson.item(ordered(ExecutionsTable.KEY, ExecutionsTable.leaseKey(jobName),
                "holder", executionId, "leaseUntil", leaseUntil, "acquiredAt", startTime)));
        plan.put("runningItem", DynamoJson.item(running));
        plan.put("skippedItem", DynamoJson.item(skipped));
        return plan;
    }

    private static String mode(JsonNode in) {
        JsonNode mode = in.get("mode");
        if (mode == null || mode.isNull()) {
            return "auto";
        }
        if (!mode.isTextual() || !MODES.contains(mode.asText())) {
            throw new InvalidRunInputException("mode must be one of " + MODES + ", not " + mode);
        }
        return mode.asText();
    }

    private static List<String> sources(JsonNode in, JobDefinition job, List<String> enabled) {
        JsonNode requested = in.get("sources");
        if (requested == null || requested.isNull()) {
            return enabled;
        }
        if (!requested.isArray() || requested.isEmpty()) {
            throw new InvalidRunInputException("sources must be a non-empty list of source ids of " + job.name()
                    + ": " + enabled);
        }
        Set<String> chosen = new LinkedHashSet<>();
        for (JsonNode source : requested) {
            String id = source.asText();
            if (!source.isTextual() || !enabled.contains(id)) {
                String why = job.sources().contains(id) ? " is disabled in this deployment" : " is not a source of " + job.name();
                throw new InvalidRunInputException("unknown source " + source + ": it" + why
                        + "; valid sources are " + enabled);
            }
            chosen.add(id);
        }
        return List.copyOf(chosen);
    }

    static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
