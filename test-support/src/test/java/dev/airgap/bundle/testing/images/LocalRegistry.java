package dev.airgap.bundle.testing.images;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CNCF distribution registry (Debian's docker-registry binary) on a free port, for
 * the few tests here that check fixtures survive a real registry. Skipped where the binary is
 * missing; the project's real registry harness lives elsewhere.
 */
final class LocalRegistry implements AutoCloseable {
    static final String BINARY = "docker-registry";

    private final Process process;
    final String hostPort;

    private LocalRegistry(Process process, String hostPort) {
        this.process = process;
        this.hostPort = hostPort;
    }

    static boolean isAvailable() {
        return Checks.hasCommand(BINARY);
    }

    static LocalRegistry start(Path workDir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String hostPort = "127.0.0.1:" + port;
        Path config = workDir.resolve("registry.yml");
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log:",
                "  level: error",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + workDir.resolve("data"),
                "http:",
                "  addr: " + hostPort,
                ""));
        Process p = new ProcessBuilder(BINARY, "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("registry.log").toFile())
                .start();
        LocalRegistry r = new LocalRegistry(p, hostPort);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("registry exited: " + Files.readString(workDir.resolve("registry.log")));
            }
            if (r.answers()) {
                return r;
            }
            Thread.sleep(50);
        }
        r.close();
        throw new IllegalStateException("registry did not start on " + hostPort);
    }

    private boolean answers() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://" + hostPort + "/v2/").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(500);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
