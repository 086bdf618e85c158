package kr.publicdata.scheduler.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.JobDefinition;
import kr.publicdata.scheduler.catalogue.SourceDefinition;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What one deployment chooses, read from CDK context ({@code cdk.json} or {@code -c key=value}). Every key is
 * optional; lists and maps are accepted as JSON (in cdk.json or on the command line) or as
 * {@code a,b} / {@code a=1,b=2} text. Unknown source ids and impossible values fail the synth, naming the key.
 *
 * @param envName            deployment name; {@code prod} retains tables, secrets and the user pool on deletion
 * @param alertEmails        addresses subscribed to the alert topic (each confirms by mail)
 * @param jwt                an existing issuer and audience for the admin API, or empty for the stack's user pool
 * @param disabledSources    sources this deployment does not fetch (no function, not in any run)
 * @param memoryMb           per-source memory overrides (MB)
 * @param timeoutSeconds     per-source timeout overrides (seconds, at most 900)
 * @param slackEnabled       whether the Slack notifier is deployed and subscribed
 * @param alertQuietHours    how long a job failing for the same cause stays quiet before it alerts again
 * @param logRetentionDays   retention of every log group this stack creates
 */
public record DeploymentConfig(String envName, List<String> alertEmails, Optional<Jwt> jwt, Set<String> disabledSources,
                               Map<String, Integer> memoryMb, Map<String, Integer> timeoutSeconds,
                               boolean slackEnabled, int alertQuietHours, int logRetentionDays) {

    /** The longest a Lambda function may run; the workflow's fetch Task waits 960 s. */
    public static final int MAX_FUNCTION_TIMEOUT_SECONDS = 900;

    private static final Pattern ENV_NAME = Pattern.compile("[a-z][a-z0-9]{0,11}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An existing OpenID Connect issuer (for example another Cognito user pool) and the audience its tokens carry. */
    public record Jwt(String issuer, List<String> audience) {
    }

    public DeploymentConfig {
        alertEmails = List.copyOf(alertEmails);
        disabledSources = Set.copyOf(disabledSources);
        memoryMb = Map.copyOf(memoryMb);
        timeoutSeconds = Map.copyOf(timeoutSeconds);
    }

    /** Every function, state machine, schedule and topic name starts with this, so two deployments can share an account. */
    public String prefix() {
        return "pdus-" + envName + "-";
    }

    /** The log retentions offered (CloudWatch Logs allows a fixed set; these are the useful ones). */
    static final Map<Integer, RetentionDays> RETENTIONS = Map.of(7, RetentionDays.ONE_WEEK, 14, RetentionDays.TWO_WEEKS,
            30, RetentionDays.ONE_MONTH, 90, RetentionDays.THREE_MONTHS, 180, RetentionDays.SIX_MONTHS,
            365, RetentionDays.ONE_YEAR, 731, RetentionDays.TWO_YEARS, 1827, RetentionDays.FIVE_YEARS,
            3653, RetentionDays.TEN_YEARS);

    public RetentionDays logRetention() {
        return RETENTIONS.get(logRetentionDays);
    }

    public boolean production() {
        return envName.equals("prod");
    }

    /** Data and secrets outlive a production stack; anything else is cleaned up with it. */
    public RemovalPolicy statefulRemovalPolicy() {
        return production() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    }

    /** The catalogue's sources this deployment fetches, in catalogue order. */
    public List<SourceDefinition> enabledSources(Catalogue catalogue) {
        return catalogue.sources().stream().filter(s -> !disabledSources.contains(s.id())).toList();
    }

    /** The job's sources this deployment fetches, in the job's order. */
    public List<String> enabledSources(JobDefinition job) {
        return job.sources().stream().filter(s -> !disabledSources.contains(s)).toList();
    }

    /** Reads the configuration; {@code context} is the CDK app's {@code node.tryGetContext}. */
    public static DeploymentConfig fromContext(Function<String, Object> context, Catalogue catalogue) {
        String envName = text(context.apply("env")).orElse("dev");
        if (!ENV_NAME.matcher(envName).matches()) {
            throw new IllegalArgumentException("context env '" + envName
                    + "' must be 1-12 lower-case letters or digits starting with a letter (it prefixes resource names)");
        }
        Optional<String> issuer = text(context.apply("jwtIssuer"));
        List<String> audience = list(context.apply("jwtAudience"));
        if (issuer.isPresent() != !audience.isEmpty()) {
            throw new IllegalArgumentException("context jwtIssuer and jwtAudience go together: give both (an existing "
                    + "identity provider) or neither (the stack creates a Cognito user pool)");
        }
        Set<String> known = new TreeSet<>(catalogue.sources().stream().map(SourceDefinition::id).toList());
        Set<String> disabled = new TreeSet<>(list(context.apply("disabledSources")));
        Map<String, Integer> memory = numbers(context.apply("sourceMemoryMb"), "sourceMemoryMb");
        Map<String, Integer> timeout = numbers(context.apply("sourceTimeoutSeconds"), "sourceTimeoutSeconds");
        requireKnown("disabledSources", disabled, known);
        requireKnown("sourceMemoryMb", memory.keySet(), known);
        requireKnown("sourceTimeoutSeconds", timeout.keySet(), known);
        memory.forEach((source, mb) -> {
            if (mb < 128 || mb > 10240) {
                throw new IllegalArgumentException("context sourceMemoryMb." + source + " = " + mb
                        + " is outside Lambda's 128-10240 MB");
            }
        });
        timeout.forEach((source, seconds) -> {
            if (seconds < 30 || seconds > MAX_FUNCTION_TIMEOUT_SECONDS) {
                throw new IllegalArgumentException("context sourceTimeoutSeconds." + source + " = " + seconds
                        + " must be 30-" + MAX_FUNCTION_TIMEOUT_SECONDS + " (Lambda's limit; the workflow waits 960 s)");
            }
        });
        int retentionDays = text(context.apply("logRetentionDays")).map(Integer::parseInt).orElse(90);
        if (!RETENTIONS.containsKey(retentionDays)) {
            throw new IllegalArgumentException("context logRetentionDays " + retentionDays + " must be one of "
                    + new TreeSet<>(RETENTIONS.keySet()));
        }
        return new DeploymentConfig(envName, list(context.apply("alertEmails")),
                issuer.map(i -> new Jwt(i, audience)), disabled, memory, timeout,
                text(context.apply("slackEnabled")).map(Boolean::parseBoolean).orElse(true),
                text(context.apply("alertQuietHours")).map(Integer::parseInt).orElse(6),
                retentionDays);
    }

    private static void requireKnown(String key, Set<String> given, Set<String> known) {
        Set<String> unknown = new TreeSet<>(given);
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("context " + key + " names unknown sources " + unknown
                    + "; the catalogue's sources are " + known);
        }
    }

    private static Optional<String> text(Object value) {
        if (value == null || value.toString().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.toString().strip());
    }

    private static List<String> list(Object value) {
        JsonNode node = json(value);
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(item -> out.add(item.asText().strip()));
        } else if (node != null && node.isTextual()) {
            out.add(node.asText().strip());
        } else if (value != null) {
            Arrays.stream(value.toString().split(",")).map(String::strip).forEach(out::add);
        }
        return out.stream().filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, Integer> numbers(Object value, String key) {
        Map<String, Integer> out = new LinkedHashMap<>();
        JsonNode node = json(value);
        try {
            if (node != null && node.isObject()) {
                node.properties().forEach(e -> out.put(e.getKey(), Integer.parseInt(e.getValue().asText())));
            } else if (value != null && !value.toString().isBlank()) {
                for (String pair : value.toString().split(",")) {
                    String[] parts = pair.split("=", 2);
                    out.put(parts[0].strip(), Integer.parseInt(parts[1].strip()));
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("context " + key + " must map source ids to whole numbers, "
                    + "e.g. {\"street-lights\": 3008} or street-lights=3008,cctv=2048; got " + value, e);
        }
        return out;
    }

    /** Context values arrive as JSON types from cdk.json and as strings from -c; JSON text in a string counts too. */
    private static JsonNode json(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            return JSON.valueToTree(value);
        }
        String t = s.strip();
        if (t.startsWith("[") || t.startsWith("{")) {
            try {
                return JSON.readTree(t);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("context value is not valid JSON: " + t, e);
            }
        }
        return null;
    }
}
