package kr.publicdata.scheduler.run;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.store.RunBookkeeping;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Last step of every job's workflow: summarises the per-source results into the final execution record
 * (ASL cannot compute durations or totals) and decides the alert. Answers {@code {status, recordItem,
 * alert: {publish, subject, message}}}; the workflow writes the record and publishes the alert.
 */
public final class FinishRunHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunBookkeeping bookkeeping;
    private final RunStore runs;
    private final AlertPolicy policy;
    private final Clock clock;

    public FinishRunHandler() {
        this(LambdaClients.dynamo(), System.getenv("RECORDS_TABLE"), System.getenv("EXECUTIONS_TABLE"),
                LambdaClients.alertQuietPeriod(), Clock.systemUTC());
    }

    FinishRunHandler(DynamoDbClient dynamo, String recordsTable, String executionsTable, Duration quietPeriod,
                     Clock clock) {
        this.bookkeeping = new RunBookkeeping(dynamo, recordsTable);
        this.runs = new RunStore(dynamo, executionsTable);
        this.policy = new AlertPolicy(quietPeriod);
        this.clock = clock;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode request = JSON.readTree(input);
        JsonNode plan = request.path("run");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> record = RunSummary.record(plan, request.path("results"),
                bookkeeping.usageOf(plan.path("executionId").asText()), now);
        AlertPolicy.Decision decision = runs.decideAlert(policy, record, now);
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("publish", decision.publish());
        if (decision.publish()) {
            AlertMessage.Alert message = AlertMessage.of(decision.kind(), record);
            alert.put("subject", message.subject());
            alert.put("message", message.message());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", record.get("status"));
        answer.put("record", record);
        answer.put("recordItem", DynamoJson.item(record));
        answer.put("alert", alert);
        JSON.writeValue(output, answer);
    }
}
