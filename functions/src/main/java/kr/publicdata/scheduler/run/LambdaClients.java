package kr.publicdata.scheduler.run;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Duration;

/** AWS SDK clients as every handler builds them: once per container, one light HTTP client, both timeouts. */
public final class LambdaClients {

    private LambdaClients() {
    }

    public static DynamoDbClient dynamo() {
        return DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3)).socketTimeout(Duration.ofSeconds(20)).build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(30))
                        .apiCallAttemptTimeout(Duration.ofSeconds(10)))
                .build();
    }

    public static SnsClient sns() {
        return SnsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3)).socketTimeout(Duration.ofSeconds(10)).build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(20))
                        .apiCallAttemptTimeout(Duration.ofSeconds(8)))
                .build();
    }

    public static SfnClient sfn() {
        return SfnClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3)).socketTimeout(Duration.ofSeconds(10)).build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(20))
                        .apiCallAttemptTimeout(Duration.ofSeconds(8)))
                .build();
    }

    public static SecretsManagerClient secretsManager() {
        return SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3)).socketTimeout(Duration.ofSeconds(10)).build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(20))
                        .apiCallAttemptTimeout(Duration.ofSeconds(8)))
                .build();
    }

    /** How long a job failing for the same cause stays quiet before it alerts again (ALERT_QUIET_HOURS, 6). */
    public static Duration alertQuietPeriod() {
        String hours = System.getenv("ALERT_QUIET_HOURS");
        return Duration.ofHours(hours == null || hours.isBlank() ? 6 : Long.parseLong(hours.strip()));
    }
}
