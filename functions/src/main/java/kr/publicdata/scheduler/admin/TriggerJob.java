package kr.publicdata.scheduler.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import kr.publicdata.scheduler.catalogue.JobDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /admin/jobs/{jobName}/trigger}: starts the job's workflow with {@code trigger: "manual"} and
 * the caller as {@code requestedBy}, unless a run of the job is already going (409). Answers once the
 * execution has started; the run itself goes on in Step Functions.
 */
final class TriggerJob {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerJob.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SfnClient sfn;
    private final AdminConfig config;

    TriggerJob(SfnClient sfn, AdminConfig config) {
        this.sfn = sfn;
        this.config = config;
    }

    ApiResponse handle(JobDefinition job, ApiRequest request) throws JsonProcessingException {
        List<String> enabled = config.enabled(job);
        TriggerRequest.Parsed parsed = TriggerRequest.parse(request.body(), job, enabled);
        if (parsed.error() != null) {
            return ApiResponse.error(400, parsed.error());
        }
        String stateMachineArn = config.stateMachineArn(job.name());
        try {
            List<ExecutionListItem> running = sfn.listExecutions(b -> b.stateMachineArn(stateMachineArn)
                    .statusFilter(ExecutionStatus.RUNNING).maxResults(1)).executions();
            if (!running.isEmpty()) {
                ExecutionListItem current = running.getFirst();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("message", job.name() + " is already running: execution " + current.executionArn()
                        + " started at " + current.startDate());
                body.put("executionArn", current.executionArn());
                return new ApiResponse(409, body);
            }
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("trigger", "manual");
            input.put("requestedBy", request.caller());
            if (parsed.request().sources() != null) {
                input.put("sources", parsed.request().sources());
            }
            if (parsed.request().mode() != null) {
                input.put("mode", parsed.request().mode());
            }
            String inputJson = JSON.writeValueAsString(input);
            StartExecutionResponse started = sfn.startExecution(b -> b.stateMachineArn(stateMachineArn)
                    .name("manual-" + UUID.randomUUID()).input(inputJson));
            LOG.info("{} started {} for {}", request.caller(), started.executionArn(), job.name());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("executionArn", started.executionArn());
            body.put("jobName", job.name());
            body.put("startTime", started.startDate().toString());
            return new ApiResponse(202, body);
        } catch (StateMachineDoesNotExistException e) {
            LOG.error("the workflow of {} does not exist ({}): check STATE_MACHINE_ARN_PREFIX", job.name(), stateMachineArn);
            return ApiResponse.error(500, "the workflow of " + job.name() + " is not deployed; see the API's logs");
        } catch (SdkException e) {
            // Throttling, limits or an unreachable service: the caller can simply try again.
            LOG.error("could not start {}: {}", job.name(), e.toString());
            return ApiResponse.error(503, "could not start " + job.name() + " right now; try again in a minute");
        }
    }
}
