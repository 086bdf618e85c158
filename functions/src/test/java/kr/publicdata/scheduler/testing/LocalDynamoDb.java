package kr.publicdata.scheduler.testing;

import kr.publicdata.scheduler.run.ExecutionsTable;
import kr.publicdata.scheduler.store.RecordsTableSchema;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real DynamoDB emulator (dynalite, from the root package.json) started once per test JVM on a free
 * port. It stops when the JVM exits: the node process ends when its stdin closes.
 */
public final class LocalDynamoDb {

    private static final Pattern PORT = Pattern.compile("\"port\":(\\d+)");
    private static URI endpoint;

    private LocalDynamoDb() {
    }

    public static synchronized URI endpoint() {
        if (endpoint == null) {
            endpoint = start();
        }
        return endpoint;
    }

    public static DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.AP_NORTHEAST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> {
                    for (ExecutionInterceptor interceptor : interceptors) {
                        c.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
    }

    /** A fresh, empty records table with a unique name. */
    public static String createRecordsTable(DynamoDbClient client) {
        String name = "records-" + UUID.randomUUID();
        client.createTable(RecordsTableSchema.createTable(name));
        waitUntilActive(client, name);
        return name;
    }

    /** A fresh, empty executions table with a unique name. */
    public static String createExecutionsTable(DynamoDbClient client) {
        String name = "executions-" + UUID.randomUUID();
        client.createTable(ExecutionsTable.createTable(name));
        waitUntilActive(client, name);
        return name;
    }

    /**
     * dynalite creates tables asynchronously even with no delay configured: wait until it is ACTIVE,
     * polling briefly (the SDK waiter's first retry comes only after 20 s).
     */
    private static void waitUntilActive(DynamoDbClient client, String name) {
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client)
                .overrideConfiguration(c -> c.backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(20))))
                .build()) {
            waiter.waitUntilTableExists(b -> b.tableName(name));
        }
    }

    public static Path projectRoot() {
        String root = System.getProperty("project.root");
        return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    }

    private static URI start() {
        Path script = projectRoot().resolve("tools/dynalite.js");
        try {
            Process process = new ProcessBuilder("node", script.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher m = line == null ? null : PORT.matcher(line);
            if (m == null || !m.find()) {
                process.destroyForcibly();
                throw new IllegalStateException("dynalite did not start (did `npm install` run at the project root?)");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            return URI.create("http://127.0.0.1:" + m.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + script, e);
        }
    }
}
