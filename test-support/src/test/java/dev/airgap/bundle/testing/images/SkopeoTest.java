package dev.airgap.bundle.testing.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkopeoTest {

    @Test
    void referencesWithoutTransportAreDocker() {
        assertEquals("docker://127.0.0.1:5000/r:t", Skopeo.withTransport("127.0.0.1:5000/r:t"));
        assertEquals("docker://h/r:t", Skopeo.withTransport("docker://h/r:t"));
        assertEquals("oci:/d:r", Skopeo.withTransport("oci:/d:r"));
    }

    @Test
    void failureCarriesStderrAndExitCode(@TempDir Path tmp) {
        assertTrue(Skopeo.isAvailable(), "skopeo is not installed: run bin/test, which installs it");
        Skopeo.SkopeoException e = assertThrows(Skopeo.SkopeoException.class,
                () -> Skopeo.inspectRaw("oci:" + tmp.resolve("missing") + ":x"));
        assertTrue(e.exitCode() > 0);
        assertTrue(!e.stderr().isBlank());
        assertTrue(e.getMessage().contains(e.stderr()));
    }
}
