package kr.publicdata.scheduler.run;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The job executions table: one item per run keyed by its execution id (the workflow and the fetchers
 * address a run by it), and the index {@value #BY_JOB} (jobName, startTime) that lists a job's runs newest
 * first without a scan. Each job's lease ({@code _lease#<job>}) and alert state ({@code _alerts#<job>})
 * live here too; they carry no startTime, so the index never shows them.
 */
public final class ExecutionsTable {

    public static final String KEY = "executionId";
    public static final String BY_JOB = "byJob";

    private ExecutionsTable() {
    }

    public static String leaseKey(String jobName) {
        return "_lease#" + jobName;
    }

    public static String alertStateKey(String jobName) {
        return "_alerts#" + jobName;
    }

    public static CreateTableRequest createTable(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(KEY).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("jobName").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("startTime").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(BY_JOB)
                        .keySchema(KeySchemaElement.builder().attributeName("jobName").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("startTime").keyType(KeyType.RANGE).build())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .build();
    }
}
