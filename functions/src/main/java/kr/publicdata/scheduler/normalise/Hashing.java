package kr.publicdata.scheduler.normalise;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The two hashes the pipeline needs: a 64-bit key hash and a content hash. */
public final class Hashing {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing() {
    }

    /**
     * FNV-1a over the key's characters, finished with MurmurHash3's fmix64 so that every bit mixes (the
     * shard is taken from the low bits). Stable across JVMs and releases: it is stored implicitly in
     * shard choice and seen-key manifests.
     */
    public static long keyHash(String key) {
        long h = FNV_OFFSET;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= FNV_PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The first 128 bits of SHA-256 of the text, base64url: compact and collision-safe for change detection. */
    public static String contentHash(MessageDigest digest, CharSequence canonical) {
        digest.reset();
        byte[] full = digest.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
        byte[] half = new byte[16];
        System.arraycopy(full, 0, half, 0, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(half);
    }
}
