package kr.publicdata.scheduler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.Catalogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ./scheduler}'s local runner (tools/local/scheduler.mjs) as a user would, against the shared
 * dynalite emulator with tables of its own, and with the test JVM's classpath standing in for the jar
 * (the Maven test phase runs before packaging). Retry waits are shortened to a millisecond.
 */
public final class LocalRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env = new HashMap<>();
    private final Path localDir;
    private final String tablePrefix = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";

    /** What a finished command printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** The execution record: stdout's last line. */
        public JsonNode record() {
            String[] lines = stdout.strip().split("\n");
            try {
                return JSON.readTree(lines[lines.length - 1]);
            } catch (IOException e) {
                throw new AssertionError("stdout's last line is not JSON:\n" + stdout + "\nstderr:\n" + stderr, e);
            }
        }

        public JsonNode source(String id) {
            for (JsonNode source : record().path("sources")) {
                if (id.equals(source.path("source").asText())) {
                    return source;
                }
            }
            throw new AssertionError("no source " + id + " in " + record());
        }
    }

    public LocalRunner() {
        try {
            localDir = Files.createTempDirectory("scheduler-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("SCHEDULER_CLASSPATH", System.getProperty("java.class.path"));
        env.put("SCHEDULER_DYNAMODB_ENDPOINT", LocalDynamoDb.endpoint().toString());
        env.put("SCHEDULER_TABLE_PREFIX", tablePrefix);
        env.put("SCHEDULER_LOCAL_DIR", localDir.toString());
        env.put("SCHEDULER_RETRY_WAIT_MS", "1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        for (var source : Catalogue.load().sources()) {
            env.put("SOURCE_PAGE_SIZE_" + source.id().toUpperCase(Locale.ROOT).replace('-', '_'), "10");
        }
    }

    public LocalRunner with(String name, String value) {
        env.put(name, value);
        return this;
    }

    public String recordsTable() {
        return tablePrefix + "records";
    }

    public String executionsTable() {
        return tablePrefix + "executions";
    }

    /** The alerts this runner's runs raised (.local/alerts.jsonl), oldest first. */
    public List<JsonNode> alerts() {
        Path file = localDir.resolve("alerts.jsonl");
        List<JsonNode> alerts = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    alerts.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return alerts;
    }

    public Result run(String... args) {
        return finish(start(args));
    }

    /** Starts a command without waiting (for overlapping runs and interrupts). */
    public Process start(String... args) {
        List<String> command = new ArrayList<>(List.of("node", "--no-warnings", "tools/local/scheduler.mjs"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(LocalDynamoDb.projectRoot().toFile());
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result finish(Process process) {
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the local runner did not finish within 180 s");
            }
            return new Result(process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
