package kr.publicdata.scheduler.admin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.Catalogue;
import kr.publicdata.scheduler.catalogue.JobDefinition;
import kr.publicdata.scheduler.run.LambdaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin API behind an API Gateway HTTP API with a JWT authorizer (payload format 2.0): checks that the
 * caller is a super-admin, then answers {@code POST /admin/jobs/{jobName}/trigger}, {@code GET /admin/jobs}
 * and {@code GET /admin/jobs/{jobName}/executions}. Every error is JSON {@code {"message": ...}}.
 */
public final class AdminApiHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // The suffix alone is matched, so a named stage's prefix in rawPath ("/prod/admin/...") changes nothing.
    private static final Pattern JOBS = Pattern.compile(".*/admin/jobs/?");
    private static final Pattern JOB_ROUTE = Pattern.compile(".*/admin/jobs/([^/]+)/(trigger|executions)/?");

    private final Catalogue catalogue;
    private final AdminConfig config;
    private final TriggerJob trigger;
    private final ListJobs jobs;
    private final ListExecutions executions;

    public AdminApiHandler() {
        this(Catalogue.load());
    }

    private AdminApiHandler(Catalogue catalogue) {
        this(catalogue, AdminConfig.fromEnvironment(System.getenv(), catalogue), LambdaClients.sfn(),
                LambdaClients.dynamo(), Clock.systemUTC());
    }

    AdminApiHandler(Catalogue catalogue, AdminConfig config, SfnClient sfn, DynamoDbClient dynamo, Clock clock) {
        this.catalogue = catalogue;
        this.config = config;
        this.trigger = new TriggerJob(sfn, config);
        this.jobs = new ListJobs(catalogue, dynamo, config, clock);
        this.executions = new ListExecutions(dynamo, config.executionsTable());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiRequest request = ApiRequest.of(JSON.readTree(input));
        ApiResponse response;
        try {
            response = route(request);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.method(), request.path(), e);
            response = ApiResponse.error(500, "internal error (request " + request.requestId() + "); see the API's logs");
        }
        LOG.info("{} {} by {}: {}", request.method(), request.path(), request.caller(), response.status());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("statusCode", response.status());
        answer.put("headers", Map.of("Content-Type", "application/json", "Cache-Control", "no-store"));
        answer.put("body", JSON.writeValueAsString(response.body()));
        answer.put("isBase64Encoded", false);
        JSON.writeValue(output, answer);
    }

    private ApiResponse route(ApiRequest request) throws IOException {
        if (request.claims() == null) {
            return ApiResponse.error(401, "Unauthorized");
        }
        if (!AdminGroups.isMember(request.claims(), config.groupClaim(), config.adminGroup())) {
            return ApiResponse.error(403, "Forbidden: only members of " + config.adminGroup() + " may use the admin API");
        }
        if (JOBS.matcher(request.path()).matches()) {
            return "GET".equals(request.method()) ? jobs.handle() : methodNotAllowed("GET");
        }
        Matcher m = JOB_ROUTE.matcher(request.path());
        if (!m.matches()) {
            return ApiResponse.error(404, "Not Found");
        }
        boolean isTrigger = "trigger".equals(m.group(2));
        String expected = isTrigger ? "POST" : "GET";
        if (!expected.equals(request.method())) {
            return methodNotAllowed(expected);
        }
        String name = ApiRequest.decode(m.group(1));
        JobDefinition job = catalogue.job(name).orElse(null);
        if (job == null) {
            return ApiResponse.error(400, "Invalid job name \"" + name + "\": valid jobs are "
                    + String.join(", ", catalogue.jobs().stream().map(JobDefinition::name).toList()));
        }
        return isTrigger ? trigger.handle(job, request) : executions.handle(job, request.query());
    }

    private static ApiResponse methodNotAllowed(String allowed) {
        return ApiResponse.error(405, "Method Not Allowed: use " + allowed);
    }
}
