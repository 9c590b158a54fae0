package dev.airgap.bundle.testing.images;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 digests in the "sha256:<lowercase hex>" form registries use. */
public final class Digests {
    private Digests() {}

    public static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(sha256Raw(bytes));
    }

    /** The hex part of a "sha256:..." digest; this is the file name under blobs/sha256/. */
    public static String hex(String digest) {
        if (!digest.startsWith("sha256:")) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return digest.substring("sha256:".length());
    }

    static byte[] sha256Raw(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
