package kr.publicdata.scheduler.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the stack as {@code cdk synth} does (cdk.json's context, cdk-nag), plus a test's own context. */
final class Synth {

    final Path root;
    final SchedulerStack stack;
    final Template template;
    final Map<String, Object> json;

    @SuppressWarnings("unchecked")
    Synth(Map<String, Object> extraContext) {
        root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        Path jar = root.resolve(SchedulerStack.LAMBDA_JAR);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: these tests synthesize the stack, whose functions "
                    + "deploy that jar. Run `mvn verify` (or `./scheduler test`) from the project root, which packages "
                    + "functions before infra-cdk's tests, or `mvn -pl functions package -DskipTests` first.");
        }
        Map<String, Object> context = new LinkedHashMap<>();
        try {
            Map<String, Object> cdkJson = new ObjectMapper().readValue(root.resolve("cdk.json").toFile(), Map.class);
            context.putAll((Map<String, Object>) cdkJson.get("context"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        context.putAll(extraContext);
        App app = new App(AppProps.builder().context(context).build());
        stack = SchedulerApp.build(app, root);
        Aspects.of(app).add(new AwsSolutionsChecks());
        template = Template.fromStack(stack);
        json = template.toJSON();
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) json.get("Resources")).forEach((id, r) -> {
            if (type.equals(r.get("Type"))) {
                out.put(id, r);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = current instanceof Map<?, ?> m ? m.get(key)
                    : current instanceof List<?> l ? l.get(Integer.parseInt(key)) : null;
        }
        return (T) current;
    }

    /** {@link #at} for assertions, which need a plain Object. */
    static Object val(Object node, String... path) {
        return at(node, path);
    }

    /** The logical id of the resource whose Properties.key equals value. */
    String idOf(String type, String key, Object value) {
        return resources(type).entrySet().stream().filter(e -> value.equals(props(e.getValue()).get(key)))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " with " + key + " = " + value));
    }

    /** Every statement of every policy attached to the role with this logical id. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> statementsOf(String roleId) {
        return resources("AWS::IAM::Policy").values().stream()
                .filter(p -> ((List<Object>) props(p).get("Roles")).contains(Map.of("Ref", roleId)))
                .flatMap(p -> ((List<Map<String, Object>>) at(props(p), "PolicyDocument", "Statement")).stream())
                .toList();
    }

    /** The actions of a statement, always as a list. */
    @SuppressWarnings("unchecked")
    static List<String> actions(Map<String, Object> statement) {
        Object a = statement.get("Action");
        return a instanceof List<?> l ? (List<String>) l : List.of((String) a);
    }

    @SuppressWarnings("unchecked")
    static List<Object> resourcesOf(Map<String, Object> statement) {
        Object r = statement.get("Resource");
        return r instanceof List<?> l ? (List<Object>) l : List.of(r);
    }

    /** The role logical id of the function with this name. */
    String roleOfFunction(String functionName) {
        Map<String, Object> fn = resources("AWS::Lambda::Function").get(
                idOf("AWS::Lambda::Function", "FunctionName", functionName));
        return at(props(fn), "Role", "Fn::GetAtt", "0");
    }
}
