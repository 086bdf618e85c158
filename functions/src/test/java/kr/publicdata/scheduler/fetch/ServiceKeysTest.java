package kr.publicdata.scheduler.fetch;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Service keys in AWS: one Secrets Manager secret holding a JSON object of key names to keys, read once per
 * container. WireMock answers Secrets Manager's JSON API (GetSecretValue) as the real service would.
 */
class ServiceKeysTest {

    private static final String KEY = "Xq3vP8+Lm2Rt/Zw9Ka7Bn4Cd6Ef+Gh1Ij5Kl0Mn/Op2Qr8St3Uv7Wx9Yz4Ab1Cd6Ef+Gh2Ij==";
    private WireMockServer secretsManager;
    private SecretsManagerClient client;

    @BeforeEach
    void start() {
        secretsManager = new WireMockServer(options().dynamicPort());
        secretsManager.start();
        client = SecretsManagerClient.builder().endpointOverride(URI.create(secretsManager.baseUrl()))
                .region(Region.AP_NORTHEAST_2).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    @AfterEach
    void stop() {
        secretsManager.stop();
    }

    @Test
    void find_readsTheSecretOnceAndAnswersEachName() {
        answer("{\"DATA_GO_KR_SERVICE_KEY\": \"" + KEY.replace("/", "\\/") + "\", \"SAFETYDATA_SERVICE_KEY_DSSP_IF_10941\": \"abc\"}");
        ServiceKeys keys = ServiceKeys.fromSecret(client, "pdus-prod-service-keys");

        assertThat(keys.find("DATA_GO_KR_SERVICE_KEY")).isEqualTo(KEY);
        assertThat(keys.find("SAFETYDATA_SERVICE_KEY_DSSP_IF_10941")).isEqualTo("abc");
        assertThat(keys.find("SAFEMAP_SERVICE_KEY")).isNull();
        secretsManager.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing("pdus-prod-service-keys")));
    }

    @Test
    void find_secretNotAJsonObject_failsWithoutQuotingIt() {
        answer("not-json " + KEY);
        ServiceKeys keys = ServiceKeys.fromSecret(client, "pdus-prod-service-keys");

        Throwable error = catchThrowable(() -> keys.find("DATA_GO_KR_SERVICE_KEY"));

        assertThat(error).hasMessageContaining("not a JSON object");
        assertThat(error.getMessage()).doesNotContain(KEY);
        assertThat(String.valueOf(error.getCause())).doesNotContain(KEY);
    }

    @Test
    void find_secretSetWithoutAValue_meansNoKeys() {
        answer("");
        assertThat(ServiceKeys.fromSecret(client, "s").find("DATA_GO_KR_SERVICE_KEY")).isNull();
    }

    private void answer(String secretString) {
        String body = "{\"ARN\":\"arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:pdus-prod-service-keys-AbCdEf\","
                + "\"Name\":\"pdus-prod-service-keys\",\"SecretString\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(secretString)
                + ",\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7964E9}";
        secretsManager.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body)));
    }
}
