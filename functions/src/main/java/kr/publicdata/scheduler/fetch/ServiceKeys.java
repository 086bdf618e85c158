package kr.publicdata.scheduler.fetch;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Where service keys come from: environment variables locally ({@code DATA_GO_KR_SERVICE_KEY},
 * {@code SAFETYDATA_SERVICE_KEY_<SERVICE CODE>}), or one Secrets Manager secret in AWS whose JSON holds the
 * same names (read once per container and cached; never logged).
 */
public interface ServiceKeys {

    /** The configured key by its name, or null. */
    String find(String name);

    static ServiceKeys fromEnvironment(Map<String, String> env) {
        return env::get;
    }

    static ServiceKeys fromSecret(SecretsManagerClient secrets, String secretId) {
        return new ServiceKeys() {
            private Map<String, String> cached;

            @Override
            public synchronized String find(String name) {
                if (cached == null) {
                    String json = secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
                    try {
                        cached = json == null || json.isBlank() ? Map.of()
                                : new ObjectMapper().readValue(json, new TypeReference<Map<String, String>>() { });
                    } catch (IOException e) {
                        // The message would quote the secret: say only what is wrong.
                        throw new UncheckedIOException(new IOException("the service-key secret is not a JSON object"
                                + " of key names to keys"));
                    }
                }
                return cached.get(name);
            }
        };
    }
}
