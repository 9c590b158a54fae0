package dev.airgap.bundle.testing.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArtifactTest {

    @Test
    void defaultArtifactUsesEmptyConfigAndEmptyLayer() throws Exception {
        TestArtifact a = TestImages.seeded(31).artifact("application/vnd.example.thing+type").build();
        Checks.assertDigestMatches(a);
        assertEquals(MediaTypes.OCI_MANIFEST, a.mediaType());
        assertEquals(Blob.EMPTY_JSON, a.config());
        assertEquals(List.of(Blob.EMPTY_JSON), a.layers());
        Map<String, Object> m = MiniJson.object(a.bytes());
        assertEquals("application/vnd.example.thing+type", m.get("artifactType"));
        Checks.assertDescribes(m.get("config"), Blob.EMPTY_JSON);
        assertFalse(m.containsKey("subject"));
        assertFalse(m.containsKey("annotations"));
        // Empty config and empty layer are the same blob: listed once.
        assertEquals(List.of(Blob.EMPTY_JSON), a.allBlobs());
    }

    @Test
    void subjectAnnotationsUnknownConfigAndArbitraryBlobs() throws Exception {
        TestImages gen = TestImages.seeded(32);
        TestImage image = gen.oci().build();
        byte[] cfg = "{\"whatever\":true}".getBytes(StandardCharsets.UTF_8);
        TestArtifact a = gen.artifact("application/vnd.example.thing+type")
                .config("application/vnd.example.config.v1+json", cfg)
                .layer("application/vnd.example.payload", "payload".getBytes(StandardCharsets.UTF_8))
                .randomLayer("application/octet-stream", 1000)
                .subject(image)
                .annotation("org.opencontainers.image.created", "2024-01-01T00:00:00Z")
                .annotation("org.example.note", "ünïcødé")
                .build();
        Checks.assertDigestMatches(a);
        Map<String, Object> m = MiniJson.object(a.bytes());
        assertEquals(Map.of("mediaType", MediaTypes.OCI_MANIFEST, "digest", image.digest(), "size", image.size()), m.get("subject"));
        assertEquals(Descriptor.of(image), a.subject());
        assertEquals("application/vnd.example.config.v1+json", a.config().mediaType());
        List<Object> layers = Checks.list(m.get("layers"));
        assertEquals(2, layers.size());
        Checks.assertDescribes(layers.get(0), a.layers().get(0));
        Checks.assertDescribes(layers.get(1), a.layers().get(1));
        assertEquals(1000, a.layers().get(1).size());
        assertEquals(a.annotations(), m.get("annotations"));
        assertEquals("ünïcødé", a.annotations().get("org.example.note"));
    }

    @Test
    void artifactTypeCanBeOmitted() {
        TestArtifact a = TestImages.seeded(33).artifact(null).config("application/vnd.unknown.config", new byte[] {0}).build();
        assertNull(a.artifactType());
        assertFalse(MiniJson.object(a.bytes()).containsKey("artifactType"));
    }

    @Test
    void danglingSubjectByDescriptor() {
        Descriptor missing = new Descriptor(MediaTypes.OCI_MANIFEST, "sha256:" + "ab".repeat(32), 123);
        TestArtifact a = TestImages.seeded(34).artifact("application/vnd.example.sig").subject(missing).build();
        assertEquals(missing.digest(), Checks.map(MiniJson.object(a.bytes()).get("subject")).get("digest"));
    }
}
