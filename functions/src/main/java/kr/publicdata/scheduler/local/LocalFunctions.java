package kr.publicdata.scheduler.local;

import kr.publicdata.scheduler.catalogue.JobDefinition;
import kr.publicdata.scheduler.workflow.WorkflowDefinition;

import java.util.List;
import java.util.Map;

/**
 * The local stack's names: the functions the local Lambda endpoint serves (each the same handler class a
 * deployed function runs) and the alert topic; the runner names the tables (RECORDS_TABLE,
 * EXECUTIONS_TABLE in the environment). The local runner fills the workflow
 * definition's placeholders with these.
 */
public final class LocalFunctions {

    public static final String REGION = "ap-northeast-2";
    public static final String ACCOUNT = "000000000000";
    public static final String ALERT_TOPIC = "local-alerts";
    public static final String FETCHER_PREFIX = "local-fetch-";
    public static final String ALIAS = "live";

    /** Function name (or its prefix, for fetchers) to handler class. */
    static final Map<String, String> HANDLERS = Map.of(
            "local-prepare-run", "kr.publicdata.scheduler.run.PrepareRunHandler",
            "local-finish-run", "kr.publicdata.scheduler.run.FinishRunHandler",
            "local-run-finaliser", "kr.publicdata.scheduler.run.RunFinaliserHandler",
            "local-admin-api", "kr.publicdata.scheduler.admin.AdminApiHandler",
            FETCHER_PREFIX, "kr.publicdata.scheduler.fetch.FetchSourceHandler");

    private LocalFunctions() {
    }

    public static String functionArn(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name + ":" + ALIAS;
    }

    public static String alertTopicArn() {
        return "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + ALERT_TOPIC;
    }

    /** The handler class serving a function name, or null. */
    static String handlerFor(String functionName) {
        if (functionName.startsWith(FETCHER_PREFIX)) {
            return HANDLERS.get(FETCHER_PREFIX);
        }
        return HANDLERS.get(functionName);
    }

    public static WorkflowDefinition.Resources resources(String executionsTable) {
        return new WorkflowDefinition.Resources(functionArn("local-prepare-run"), functionArn("local-finish-run"),
                "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + FETCHER_PREFIX, ":" + ALIAS,
                executionsTable, alertTopicArn());
    }

    public static Map<String, String> substitutions(JobDefinition job, List<String> enabledSources,
                                                    String executionsTable) {
        return WorkflowDefinition.substitutions(job, enabledSources, resources(executionsTable));
    }
}
