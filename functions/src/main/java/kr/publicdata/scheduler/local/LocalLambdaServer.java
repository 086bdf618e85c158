package kr.publicdata.scheduler.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.JobDefinition;
import kr.publicdata.scheduler.run.ExecutionsTable;
import kr.publicdata.scheduler.store.RecordsTableSchema;
import kr.publicdata.scheduler.workflow.WorkflowDefinition;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local stand-in for the Lambda service: serves the Invoke API ({@code POST
 * /2015-03-31/functions/<name or ARN>/invocations}) with the real handler classes, built with their
 * no-argument constructors from this process's environment exactly as Lambda builds them, and answers
 * errors and timeouts the way Lambda's Java runtime does ({@code X-Amz-Function-Error}, errorType = the
 * exception's class name, {@code Sandbox.Timedout}). Also creates the local tables and renders each job's
 * workflow definition for the local interpreter ({@code GET /local/definition?job=...}), and starts the
 * embedded sample portal when {@code LOCAL_SAMPLE_PORTAL_PORT} is set.
 *
 * <p>Prints {@code {"port": N}} when ready and exits when its standard input closes.
 */
public final class LocalLambdaServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, RequestStreamHandler> instances = new ConcurrentHashMap<>();
    private final ExecutorService invocations = Executors.newCachedThreadPool();
    private final long timeoutMillis;
    private final Catalogue catalogue = Catalogue.load();
    private final Path projectRoot;

    LocalLambdaServer(long timeoutMillis, Path projectRoot) {
        this.timeoutMillis = timeoutMillis;
        this.projectRoot = projectRoot;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> env = System.getenv();
        long timeout = Long.parseLong(env.getOrDefault("LOCAL_LAMBDA_TIMEOUT_SECONDS", "900")) * 1000;
        Path root = Path.of(env.getOrDefault("PROJECT_ROOT", "."));
        createTables(env);
        String samplePortalPort = env.get("LOCAL_SAMPLE_PORTAL_PORT");
        if (samplePortalPort != null) {
            // The fetchers reach it through PORTAL_BASE_URL, set by the runner to this port.
            SamplePortal.create(Catalogue.load(), root.resolve("events/portal"), Integer.parseInt(samplePortalPort)).start();
        }
        LocalLambdaServer lambdas = new LocalLambdaServer(timeout, root);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/2015-03-31/functions/", lambdas::invoke);
        server.createContext("/local/definition", lambdas::definition);
        server.start();
        System.out.println(JSON.writeValueAsString(Map.of("port", server.getAddress().getPort())));
        System.out.flush();
        // The parent (the local runner) owns this process: when it goes, so do we.
        while (System.in.read() >= 0) {
            Thread.onSpinWait();
        }
        server.stop(0);
        System.exit(0);
    }

    private static void createTables(Map<String, String> env) {
        try (DynamoDbClient dynamo = DynamoDbClient.create()) {
            for (var request : List.of(RecordsTableSchema.createTable(env.get("RECORDS_TABLE")),
                    ExecutionsTable.createTable(env.get("EXECUTIONS_TABLE")))) {
                try {
                    dynamo.describeTable(b -> b.tableName(request.tableName()));
                } catch (ResourceNotFoundException e) {
                    dynamo.createTable(request);
                    dynamo.waiter().waitUntilTableExists(b -> b.tableName(request.tableName()));
                }
            }
        }
    }

    private void invoke(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String target = URLDecoder.decode(path.substring("/2015-03-31/functions/".length(),
                    path.lastIndexOf("/invocations")), StandardCharsets.UTF_8);
            String functionName = target.startsWith("arn:") ? target.split(":")[6] : target.split(":")[0];
            String handlerClass = LocalFunctions.handlerFor(functionName);
            if (handlerClass == null) {
                respond(exchange, 404, null, Map.of("Type", "User", "Message", "Function not found: " + functionName));
                return;
            }
            byte[] payload = exchange.getRequestBody().readAllBytes();
            RequestStreamHandler handler = instances.computeIfAbsent(functionName, name -> instantiate(handlerClass));
            long deadline = System.currentTimeMillis() + timeoutMillis;
            Future<byte[]> result = invocations.submit(() -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(payload), out, new LocalContext(functionName, deadline));
                return out.toByteArray();
            });
            try {
                byte[] body = result.get(timeoutMillis, TimeUnit.MILLISECONDS);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            } catch (TimeoutException e) {
                result.cancel(true);
                respond(exchange, 200, "Unhandled", error("Sandbox.Timedout",
                        String.format("Task timed out after %.2f seconds", timeoutMillis / 1000.0)));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                respond(exchange, 200, "Unhandled", error(cause.getClass().getName(), String.valueOf(cause.getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(exchange, 500, null, Map.of("Message", "interrupted"));
            }
        }
    }

    /** GET /local/definition?job=NAME: the job's workflow with the local stack's names filled in. */
    private void definition(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getQuery();
            String jobName = query == null ? "" : URLDecoder.decode(query.replaceFirst("^job=", ""), StandardCharsets.UTF_8);
            JobDefinition job = catalogue.job(jobName).orElse(null);
            if (job == null) {
                respond(exchange, 404, null, Map.of("Message", "unknown job " + jobName));
                return;
            }
            String rendered = WorkflowDefinition.render(WorkflowDefinition.read(projectRoot),
                    LocalFunctions.substitutions(job, job.sources(), System.getenv("EXECUTIONS_TABLE")));
            byte[] body = rendered.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, Object> error(String type, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("errorMessage", message);
        error.put("errorType", type);
        error.put("stackTrace", List.of());
        return error;
    }

    private static void respond(HttpExchange exchange, int status, String functionError, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (functionError != null) {
            exchange.getResponseHeaders().add("X-Amz-Function-Error", functionError);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static RequestStreamHandler instantiate(String className) {
        try {
            return (RequestStreamHandler) Class.forName(className).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build handler " + className, e);
        }
    }

    /** The Lambda context of a local invocation: its function name and the time it has left. */
    private record LocalContext(String functionName, long deadline) implements Context {
        @Override public String getAwsRequestId() { return java.util.UUID.randomUUID().toString(); }
        @Override public String getLogGroupName() { return "/aws/lambda/" + functionName; }
        @Override public String getLogStreamName() { return "local"; }
        @Override public String getFunctionName() { return functionName; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return LocalFunctions.functionArn(functionName); }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, deadline - System.currentTimeMillis()); }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() { return null; }
    }
}
