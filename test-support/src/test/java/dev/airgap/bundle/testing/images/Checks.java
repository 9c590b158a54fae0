package dev.airgap.bundle.testing.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Small assertions shared by the tests; digests are recomputed here, not via Digests. */
final class Checks {
    private Checks() {}

    static String sha256(byte[] b) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static void assertDigestMatches(TestManifest m) throws Exception {
        assertEquals(sha256(m.bytes()), m.digest(), m.toString());
        for (Blob b : m.allBlobs()) {
            assertEquals(sha256(b.bytes()), b.digest(), b.toString());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    /** Descriptor JSON must point at exactly this blob. */
    static void assertDescribes(Object descriptorJson, Blob blob) {
        Map<String, Object> d = map(descriptorJson);
        assertEquals(blob.mediaType(), d.get("mediaType"));
        assertEquals(blob.digest(), d.get("digest"));
        assertEquals(blob.size(), d.get("size"));
    }

    static boolean hasCommand(String name) {
        try {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + name).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a command feeding {@code stdin}; returns the exit code (stdout/stderr discarded). */
    static int runWithInput(byte[] stdin, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        return p.exitValue();
    }
}
