package dev.airgap.bundle.testing.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BlobTest {

    @Test
    void emptyJsonIsTheWellKnownTwoByteBlob() {
        assertArrayEquals("{}".getBytes(StandardCharsets.US_ASCII), Blob.EMPTY_JSON.bytes());
        // The digest every OCI 1.1 implementation uses for the empty descriptor.
        assertEquals("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", Blob.EMPTY_JSON.digest());
        assertEquals("application/vnd.oci.empty.v1+json", Blob.EMPTY_JSON.mediaType());
        assertEquals(2, Blob.EMPTY_JSON.size());
    }

    @Test
    void digestIsComputedAndChecked() throws Exception {
        byte[] b = "hello".getBytes(StandardCharsets.US_ASCII);
        Blob blob = Blob.of(b, "text/plain");
        assertEquals(Checks.sha256(b), blob.digest());
        assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", blob.digest());
        assertThrows(IllegalArgumentException.class,
                () -> new Blob(b, "sha256:" + "0".repeat(64), "text/plain"));
    }

    @Test
    void bytesCannotBeMutatedFromOutside() {
        byte[] b = {1, 2, 3};
        Blob blob = Blob.of(b, "application/octet-stream");
        b[0] = 9;
        blob.bytes()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, blob.bytes());
    }

    @Test
    void withMediaTypeKeepsContentAndDigest() {
        Blob oci = Blob.of(new byte[] {1}, MediaTypes.OCI_LAYER_GZIP);
        Blob docker = oci.withMediaType(MediaTypes.DOCKER_LAYER_GZIP);
        assertEquals(oci.digest(), docker.digest());
        assertEquals(MediaTypes.DOCKER_LAYER_GZIP, docker.mediaType());
    }
}
