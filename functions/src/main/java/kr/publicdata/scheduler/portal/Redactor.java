package kr.publicdata.scheduler.portal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes service keys from text before it reaches a log line, an exception, a record or an alert. Keys
 * travel in URLs, so every URL is redacted; the known keys are also removed in each form they can take.
 */
public final class Redactor {

    private static final Pattern KEY_PARAM = Pattern.compile("(?i)(service_?key|authApiKey|apiKey)=[^&\\s\"']*");
    private static final String MASK = "***";

    private final List<String> secrets = new ArrayList<>();

    public Redactor() {
    }

    /** Registers a key so that its raw, encoded and double-encoded forms are removed wherever they appear. */
    public synchronized Redactor register(ServiceKey key) {
        addSecret(key.raw());
        addSecret(key.encoded());
        addSecret(UrlEncoding.encode(key.encoded()));
        return this;
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = KEY_PARAM.matcher(text).replaceAll("$1=" + MASK);
        synchronized (this) {
            for (String secret : secrets) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    private void addSecret(String secret) {
        // Very short strings would redact ordinary text; real portal keys are long.
        if (secret != null && secret.length() >= 8 && !secrets.contains(secret)) {
            secrets.add(secret);
        }
    }
}
