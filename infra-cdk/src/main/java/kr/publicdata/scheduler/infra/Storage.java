package kr.publicdata.scheduler.infra;

import kr.publicdata.scheduler.run.ExecutionsTable;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Billing;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexPropsV2;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

import java.util.List;

/**
 * The two DynamoDB tables: the job executions (the run history, a job's runs newest first through the
 * {@code byJob} index without a scan) and the public data records. Keys come from the same classes the
 * handlers and the local stack use. On-demand, point-in-time recovery, TTL on {@code expiresAt}.
 */
public final class Storage extends Construct {

    /** The records table's keys, as {@code RecordsTableSchema} declares them for the local stack (a test compares). */
    public static final String RECORDS_PK = "pk";
    public static final String RECORDS_SK = "sk";

    /** TTL attribute of both tables (leases, alert state and bookkeeping items expire on their own). */
    public static final String TTL_ATTRIBUTE = "expiresAt";

    /** @param tablePrefix prefix of the table names; @param removalPolicy RETAIN in production */
    public record Props(String tablePrefix, RemovalPolicy removalPolicy) {
    }

    private final TableV2 executions;
    private final TableV2 records;

    public Storage(Construct scope, String id, Props props) {
        super(scope, id);
        executions = TableV2.Builder.create(this, "Executions")
                .tableName(props.tablePrefix() + "executions")
                .partitionKey(string(ExecutionsTable.KEY))
                .globalSecondaryIndexes(List.of(GlobalSecondaryIndexPropsV2.builder()
                        .indexName(ExecutionsTable.BY_JOB)
                        .partitionKey(string("jobName"))
                        .sortKey(string("startTime"))
                        .projectionType(ProjectionType.ALL)
                        .build()))
                .billing(Billing.onDemand())
                .pointInTimeRecoverySpecification(pitr())
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                .deletionProtection(props.removalPolicy() == RemovalPolicy.RETAIN)
                .removalPolicy(props.removalPolicy())
                .build();
        records = TableV2.Builder.create(this, "Records")
                .tableName(props.tablePrefix() + "records")
                .partitionKey(string(RECORDS_PK))
                .sortKey(string(RECORDS_SK))
                .billing(Billing.onDemand())
                .pointInTimeRecoverySpecification(pitr())
                .timeToLiveAttribute(TTL_ATTRIBUTE)
                .deletionProtection(props.removalPolicy() == RemovalPolicy.RETAIN)
                .removalPolicy(props.removalPolicy())
                .build();
    }

    /**
     * Item actions on the table itself and not on its indexes: {@code TableV2.grant} adds {@code index/*} to every
     * grant on a table that has an index, which item actions never need.
     */
    public static void grantItemActions(ITableV2 table, IGrantable grantee, String... actions) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of(actions))
                .resources(List.of(table.getTableArn()))
                .build());
    }

    private static Attribute string(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    private static PointInTimeRecoverySpecification pitr() {
        return PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build();
    }

    public TableV2 executions() {
        return executions;
    }

    public TableV2 records() {
        return records;
    }
}
