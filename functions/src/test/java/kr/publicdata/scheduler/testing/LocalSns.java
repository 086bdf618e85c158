package kr.publicdata.scheduler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A real SNS emulator (fauxqs, from the root package.json) with one topic and a queue subscribed to it,
 * started once per test JVM: what a handler publishes can be read back from the queue.
 */
public final class LocalSns {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode started;

    private LocalSns() {
    }

    public static synchronized String topicArn() {
        return start().path("topicArn").asText();
    }

    public static SnsClient sns() {
        return SnsClient.builder().endpointOverride(URI.create(start().path("endpoint").asText()))
                .region(Region.AP_NORTHEAST_2).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    /** The notifications delivered since the last call (each the SNS envelope: Subject, Message, ...). */
    public static List<JsonNode> drain() {
        List<JsonNode> delivered = new ArrayList<>();
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(start().path("endpoint").asText()))
                .region(Region.AP_NORTHEAST_2).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            String queueUrl = start().path("queueUrl").asText();
            for (;;) {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
                if (messages.isEmpty()) {
                    return delivered;
                }
                for (Message message : messages) {
                    delivered.add(JSON.readTree(message.body()));
                    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized JsonNode start() {
        if (started != null) {
            return started;
        }
        try {
            Process process = new ProcessBuilder("node", LocalDynamoDb.projectRoot().resolve("tools/fauxqs.mjs").toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                process.destroyForcibly();
                throw new IllegalStateException("fauxqs did not start (did `npm install` run at the project root?)");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            started = JSON.readTree(line);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
