package kr.publicdata.scheduler.portal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A portal service key. data.go.kr shows each key in an "Encoding" (already percent-encoded) and a
 * "Decoding" (raw) form; either is accepted here and the key is percent-encoded exactly once when sent.
 * {@link #toString()} never reveals it.
 */
public final class ServiceKey {

    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

    private final String raw;

    private ServiceKey(String raw) {
        this.raw = raw;
    }

    /** Accepts either form: a key holding percent-escapes is decoded first (without turning '+' into ' '). */
    public static ServiceKey of(String configured) {
        String trimmed = configured.strip();
        return new ServiceKey(PERCENT_ESCAPE.matcher(trimmed).find() ? percentDecode(trimmed) : trimmed);
    }

    /** The key as issued, undecorated ("Decoding" form). */
    public String raw() {
        return raw;
    }

    /** The key percent-encoded once, as it goes into a query string. */
    public String encoded() {
        return UrlEncoding.encode(raw);
    }

    @Override
    public String toString() {
        return "ServiceKey[***]";
    }

    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
