package kr.publicdata.scheduler.infra;

import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.CfnSecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Subscription;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.LambdaSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where alerts go: the KMS-encrypted, TLS-only SNS topic, its email subscribers, and the Slack notifier
 * subscribed to it (with its webhook secret, created empty, and an on-failure queue for alerts it could not post).
 */
public final class Alerts extends Construct {

    /**
     * @param executions the notifier's idempotency items live there
     * @param slackEnabled whether to deploy the notifier at all (email alone works without it)
     */
    public record Props(String prefix, List<String> emails, boolean slackEnabled, ITableV2 executions, Code code,
                        RetentionDays logRetention, RemovalPolicy removalPolicy) {
    }

    private final Key key;
    private final Topic topic;
    private final Secret webhookSecret;
    private final JavaFunction notifier;
    private final Queue notifierFailures;

    public Alerts(Construct scope, String id, Props props) {
        super(scope, id);
        // A customer managed key: the AWS managed SNS key cannot be opened to CloudWatch alarms, which publish here too.
        key = Key.Builder.create(this, "TopicKey")
                .description("Encrypts the " + props.prefix() + "alerts topic")
                .enableKeyRotation(true)
                .removalPolicy(props.removalPolicy())
                .build();
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of("*"))
                .build());
        topic = Topic.Builder.create(this, "Topic")
                .topicName(props.prefix() + "alerts")
                .displayName("Public data update alerts")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        props.emails().forEach(email -> topic.addSubscription(new EmailSubscription(email)));

        webhookSecret = emptySecret("SlackWebhook", props.prefix() + "slack-webhook",
                "Slack incoming webhook URL for alerts (set by the operator)", props.removalPolicy());

        if (props.slackEnabled()) {
            notifier = new JavaFunction(this, "SlackNotifier", new JavaFunction.Props(
                    props.prefix() + "slack-notifier",
                    "kr.publicdata.scheduler.alerts.SlackNotifierHandler::handleRequest",
                    "Posts alert topic messages to Slack", props.code(), 512, Duration.seconds(30),
                    Map.of("SLACK_WEBHOOK_SECRET_ID", webhookSecret.getSecretArn(),
                            "EXECUTIONS_TABLE", props.executions().getTableName()),
                    "slack-notifier", props.logRetention(), props.removalPolicy()));
            webhookSecret.grantRead(notifier.role());
            Storage.grantItemActions(props.executions(), notifier.role(), "dynamodb:PutItem", "dynamodb:GetItem");
            notifierFailures = Queue.Builder.create(this, "NotifierFailures")
                    .queueName(props.prefix() + "slack-notifier-failures")
                    .encryption(QueueEncryption.SQS_MANAGED)
                    .enforceSsl(true)
                    .retentionPeriod(Duration.days(14))
                    .build();
            Nag.suppress(notifierFailures, "AwsSolutions-SQS3", Nag.QUEUE_IS_A_DLQ);
            // SNS delivers asynchronously. The notifier posts at most once per message id (idempotency items), so
            // two retries are safe; after them, or after an hour (a stale alert), the event lands in the queue
            // that an alarm watches instead of vanishing.
            notifier.alias().configureAsyncInvoke(EventInvokeConfigOptions.builder()
                    .retryAttempts(2)
                    .maxEventAge(Duration.hours(1))
                    .onFailure(new SqsDestination(notifierFailures))
                    .build());
            Subscription subscription = topic.addSubscription(new LambdaSubscription(notifier.alias()));
            // cfn-lint expects a function here, but SNS invokes a qualified (alias) ARN as documented, and the alias is
            // what carries SnapStart and the async invoke configuration above.
            Validations.of(subscription).acknowledge(Acknowledgment.builder().id("CloudFormation-Validate::W3694")
                    .reason("SNS subscribes the notifier's alias on purpose (SnapStart, async retries and destination)")
                    .build());
        } else {
            notifier = null;
            notifierFailures = null;
        }
    }

    /**
     * A secret with no value at all: the operator sets it with {@code put-secret-value}. The L2 would generate a
     * random value, which is never right for a key someone else issues.
     */
    static Secret emptySecret(Construct scope, String id, String name, String description, RemovalPolicy removalPolicy) {
        Secret secret = Secret.Builder.create(scope, id)
                .secretName(name)
                .description(description)
                .removalPolicy(removalPolicy)
                .build();
        ((CfnSecret) secret.getNode().getDefaultChild()).addPropertyDeletionOverride("GenerateSecretString");
        Nag.suppress(secret, "AwsSolutions-SMG4", "The value is a credential a third party issues (the public data "
                + "portals' service keys, a Slack incoming webhook URL); Secrets Manager has no way to rotate it, only "
                + "the issuer does. When the issuer rotates it the operator stores the new value with "
                + "put-secret-value; the functions read the secret at each cold start.");
        return secret;
    }

    private Secret emptySecret(String id, String name, String description, RemovalPolicy removalPolicy) {
        return emptySecret(this, id, name, description, removalPolicy);
    }

    /** sns:Publish on the topic and the key use that publishing to an encrypted topic needs; nothing else. */
    public void grantPublish(IGrantable grantee) {
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .build());
        grantee.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
                .effect(Effect.ALLOW)
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of(key.getKeyArn()))
                .build());
    }

    public Topic topic() {
        return topic;
    }

    public Secret webhookSecret() {
        return webhookSecret;
    }

    public Optional<JavaFunction> notifier() {
        return Optional.ofNullable(notifier);
    }

    public Optional<Queue> notifierFailures() {
        return Optional.ofNullable(notifierFailures);
    }
}
