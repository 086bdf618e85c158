package kr.publicdata.scheduler.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.JobDefinition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's configuration: tables, the state machine ARN prefix (a job's workflow is prefix +
 * job name), who is a super-admin, and each job's enabled sources ({@code JOB_SOURCES}, a JSON object of
 * job name to source ids; a job it does not name runs all of its catalogue sources).
 */
record AdminConfig(String executionsTable, String recordsTable, String stateMachineArnPrefix, String groupClaim,
                   String adminGroup, Map<String, List<String>> enabledSources) {

    static AdminConfig fromEnvironment(Map<String, String> env, Catalogue catalogue) {
        return new AdminConfig(required(env, "EXECUTIONS_TABLE"), required(env, "RECORDS_TABLE"),
                required(env, "STATE_MACHINE_ARN_PREFIX"), orDefault(env, "ADMIN_GROUP_CLAIM", "cognito:groups"),
                orDefault(env, "ADMIN_GROUP", "SUPER_ADMIN"), enabledSources(env.get("JOB_SOURCES"), catalogue));
    }

    List<String> enabled(JobDefinition job) {
        return enabledSources.getOrDefault(job.name(), job.sources());
    }

    String stateMachineArn(String jobName) {
        return stateMachineArnPrefix + jobName;
    }

    /** Refuses at start-up a JOB_SOURCES that names an unknown job or source, so no request meets it. */
    static Map<String, List<String>> enabledSources(String json, Catalogue catalogue) {
        Map<String, List<String>> enabled = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return enabled;
        }
        JsonNode document;
        try {
            document = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("JOB_SOURCES is not JSON; expected {\"jobName\": [\"source\", ...]}", e);
        }
        if (!document.isObject()) {
            throw new IllegalStateException("JOB_SOURCES must be a JSON object of job name to source ids");
        }
        for (var entry : document.properties()) {
            JobDefinition job = catalogue.job(entry.getKey()).orElseThrow(() -> new IllegalStateException(
                    "JOB_SOURCES names unknown job " + entry.getKey()));
            List<String> sources = new ArrayList<>();
            JsonNode value = entry.getValue();
            List<JsonNode> items = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(items::add);
            } else if (value.isTextual()) {
                for (String id : value.asText().split(",")) {
                    items.add(com.fasterxml.jackson.databind.node.TextNode.valueOf(id.strip()));
                }
            }
            for (JsonNode item : items) {
                if (!item.isTextual() || !job.sources().contains(item.asText())) {
                    throw new IllegalStateException("JOB_SOURCES: " + item + " is not a source of " + job.name()
                            + " (its sources are " + job.sources() + ")");
                }
                sources.add(item.asText());
            }
            enabled.put(job.name(), List.copyOf(sources));
        }
        return enabled;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }

    private static String orDefault(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
