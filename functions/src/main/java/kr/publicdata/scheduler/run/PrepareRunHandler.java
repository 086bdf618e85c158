package kr.publicdata.scheduler.run;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.Catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * First step of every job's workflow: reads the run's input (any form) and plans the run — trigger,
 * mode, sources, and the lease and record items that the workflow then writes to DynamoDB. Input:
 * {@code {jobName, jobSources, executionId, startTime, input}}.
 */
public final class PrepareRunHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunPlanner planner;

    public PrepareRunHandler() {
        this(new RunPlanner(Catalogue.load()));
    }

    PrepareRunHandler(RunPlanner planner) {
        this.planner = planner;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode request = JSON.readTree(input);
        JSON.writeValue(output, planner.plan(request.path("jobName").asText(), request.path("jobSources").asText(null),
                request.path("executionId").asText(), request.path("startTime").asText(), request.get("input")));
    }
}
