package dev.airgap.bundle.testing.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code skopeo} binary, an independent implementation of the registry protocol, to
 * seed registries and to read back what a registry really stores. Tests should guard with
 * {@code Assumptions.assumeTrue(Skopeo.isAvailable())}.
 */
public final class Skopeo {
    private Skopeo() {}

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private static final List<String> TRANSPORTS = List.of(
            "docker://", "oci:", "oci-archive:", "dir:", "docker-archive:", "docker-daemon:", "containers-storage:");

    /** Thrown when skopeo exits non-zero or times out; carries its stderr. */
    public static final class SkopeoException extends RuntimeException {
        private final int exitCode;
        private final String stderr;

        SkopeoException(String message, int exitCode, String stderr) {
            super(message + "\n" + stderr);
            this.exitCode = exitCode;
            this.stderr = stderr;
        }

        /** Process exit code, or -1 on timeout. */
        public int exitCode() {
            return exitCode;
        }

        public String stderr() {
            return stderr;
        }
    }

    private static Boolean available;

    /** Whether a working skopeo is on the PATH (checked once). */
    public static synchronized boolean isAvailable() {
        if (available == null) {
            try {
                run(Duration.ofSeconds(20), List.of("--version"));
                available = true;
            } catch (RuntimeException e) {
                available = false;
            }
        }
        return available;
    }

    /**
     * {@code skopeo --insecure-policy copy [extraArgs] src dst}; returns stdout. The policy check
     * is disabled so tests don't depend on the host's /etc/containers/policy.json.
     */
    public static String copy(String src, String dst, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--insecure-policy", "copy"));
        args.addAll(Arrays.asList(extraArgs));
        args.add(src);
        args.add(dst);
        return new String(run(DEFAULT_TIMEOUT, args), StandardCharsets.UTF_8);
    }

    /**
     * Pushes {@code root}, written as {@code ref} into the OCI layout {@code layoutDir} by
     * {@link OciLayoutWriter}, to a plain-HTTP registry keeping digests; indexes are copied with
     * {@code --all} so every child arrives too. Returns skopeo's stdout.
     */
    /**
     * Seeds a registry the way an independent client would: writes {@code image} as an OCI layout
     * in a fresh directory under {@code workDir} and pushes it to {@code dockerRef}
     * ("host:port/repo:tag") with skopeo, digests preserved.
     */
    public static String seed(Path workDir, String dockerRef, TestManifest image) {
        Path dir = workDir.resolve("seed-" + dockerRef.replaceAll("[^A-Za-z0-9.-]", "_"));
        Path layout = OciLayoutWriter.write(dir, "ref", image);
        return pushLayout(layout, "ref", image, dockerRef);
    }

    public static String pushLayout(Path layoutDir, String ref, TestManifest root, String dockerRef) {
        List<String> extra = new ArrayList<>(List.of("--preserve-digests", "--dest-tls-verify=false"));
        if (!root.children().isEmpty()) {
            extra.add("--all");
        }
        return copy(OciLayoutWriter.skopeoRef(layoutDir, ref, root), withTransport(dockerRef), extra.toArray(String[]::new));
    }

    /**
     * The manifest bytes exactly as stored ({@code skopeo inspect --raw}). A reference without a
     * transport prefix is taken as {@code docker://}; {@code tlsVerify} only applies to docker.
     */
    public static byte[] inspectRaw(String ref, boolean tlsVerify) {
        String full = withTransport(ref);
        List<String> args = new ArrayList<>(List.of("inspect", "--raw"));
        if (full.startsWith("docker://")) {
            args.add("--tls-verify=" + tlsVerify);
        }
        args.add(full);
        return run(DEFAULT_TIMEOUT, args);
    }

    /** {@link #inspectRaw(String, boolean)} with TLS verification on. */
    public static byte[] inspectRaw(String ref) {
        return inspectRaw(ref, true);
    }

    /**
     * Runs {@code skopeo args...} and returns stdout as raw bytes (no decoding, so manifests stay
     * byte-exact). Output goes to temp files rather than pipes so a chatty process can't block
     * on a full pipe while we wait for it.
     */
    public static byte[] run(Duration timeout, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("skopeo");
        cmd.addAll(args);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("skopeo", ".out");
            err = Files.createTempFile("skopeo", ".err");
            Process p = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new SkopeoException("skopeo timed out after " + timeout + ": " + cmd, -1, read(err));
            }
            if (p.exitValue() != 0) {
                throw new SkopeoException("skopeo failed (exit " + p.exitValue() + "): " + cmd, p.exitValue(), read(err));
            }
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    static String withTransport(String ref) {
        for (String t : TRANSPORTS) {
            if (ref.startsWith(t)) {
                return ref;
            }
        }
        return "docker://" + ref;
    }

    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }
}
