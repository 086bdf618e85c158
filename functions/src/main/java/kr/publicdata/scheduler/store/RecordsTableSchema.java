package kr.publicdata.scheduler.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The records table's key schema, for the local stack and tests (CDK declares the same keys). */
public final class RecordsTableSchema {

    private RecordsTableSchema() {
    }

    public static CreateTableRequest createTable(String name) {
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(RecordStore.PK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(RecordStore.SK).attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName(RecordStore.PK).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(RecordStore.SK).keyType(KeyType.RANGE).build())
                .build();
    }
}
