package dev.airgap.bundle.testing.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageBuilderTest {

    @Test
    void ociManifestReferencesConfigAndLayersExactly() throws Exception {
        TestImage image = TestImages.seeded(42).oci().layers(3).layerSize(2048).build();
        Checks.assertDigestMatches(image);
        assertEquals(MediaTypes.OCI_MANIFEST, image.mediaType());
        assertEquals(MediaTypes.OCI_CONFIG, image.config().mediaType());

        Map<String, Object> m = MiniJson.object(image.bytes());
        assertEquals(2L, m.get("schemaVersion"));
        assertEquals(MediaTypes.OCI_MANIFEST, m.get("mediaType"));
        Checks.assertDescribes(m.get("config"), image.config());
        List<Object> layers = Checks.list(m.get("layers"));
        assertEquals(3, layers.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(MediaTypes.OCI_LAYER_GZIP, image.layers().get(i).mediaType());
            Checks.assertDescribes(layers.get(i), image.layers().get(i));
        }
        assertFalse(m.containsKey("annotations"), "no empty annotations object");
        assertEquals(4, image.blobs().size());
        assertEquals(image.config(), image.blobs().get(0));
    }

    @Test
    void dockerUsesSchema2MediaTypes() throws Exception {
        TestImage image = TestImages.seeded(42).docker().build();
        Checks.assertDigestMatches(image);
        assertEquals(MediaTypes.DOCKER_MANIFEST, image.mediaType());
        assertEquals(MediaTypes.DOCKER_CONFIG, image.config().mediaType());
        image.layers().forEach(l -> assertEquals(MediaTypes.DOCKER_LAYER_GZIP, l.mediaType()));
        Map<String, Object> m = MiniJson.object(image.bytes());
        assertEquals(MediaTypes.DOCKER_MANIFEST, m.get("mediaType"));
        Checks.assertDescribes(m.get("config"), image.config());
    }

    @Test
    void platformGoesIntoTheConfig() {
        TestImage arm = TestImages.seeded(5).oci().platform("linux", "arm64", "v8").build();
        assertEquals(Platform.of("linux", "arm64", "v8"), arm.platform());
        Map<String, Object> config = MiniJson.object(arm.config().bytes());
        assertEquals("linux", config.get("os"));
        assertEquals("arm64", config.get("architecture"));
        assertEquals("v8", config.get("variant"));

        Map<String, Object> amd = MiniJson.object(TestImages.seeded(5).oci().build().config().bytes());
        assertEquals("amd64", amd.get("architecture"));
        assertNull(amd.get("variant"));
    }

    @Test
    void sharedLayersKeepTheirBytesAndAdoptTheFormatsMediaType() {
        TestImages gen = TestImages.seeded(6);
        TestImage base = gen.oci().layers(2).build();
        TestImage ociChild = gen.oci().sharedLayers(base.layers()).layers(1).build();
        TestImage dockerChild = gen.docker().sharedLayers(base.layers().get(0)).layers(1).build();

        assertEquals(3, ociChild.layers().size());
        assertEquals(base.layers().get(0), ociChild.layers().get(0));
        assertEquals(base.layers().get(1), ociChild.layers().get(1));
        assertNotEquals(base.layers().get(1), ociChild.layers().get(2));

        Blob shared = dockerChild.layers().get(0);
        assertEquals(base.layers().get(0).digest(), shared.digest());
        assertEquals(MediaTypes.DOCKER_LAYER_GZIP, shared.mediaType());
    }

    @Test
    void sameSeedSameBytes() {
        List<TestManifest> a = sequence(42);
        List<TestManifest> b = sequence(42);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).bytes(), b.get(i).bytes());
            assertEquals(a.get(i).allBlobs(), b.get(i).allBlobs());
        }
    }

    @Test
    void differentSeedsAndSuccessiveBuildsDiffer() {
        List<TestManifest> a = sequence(42);
        List<TestManifest> c = sequence(43);
        for (int i = 0; i < a.size(); i++) {
            assertNotEquals(a.get(i).digest(), c.get(i).digest());
        }
        TestImages gen = TestImages.seeded(7);
        TestImage first = gen.oci().build();
        TestImage second = gen.oci().build();
        assertNotEquals(first.digest(), second.digest());
        assertNotEquals(first.layers().get(0).digest(), second.layers().get(0).digest());
    }

    @Test
    void buildingTwiceFromOneBuilderIsIdentical() {
        ImageBuilder builder = TestImages.seeded(8).oci();
        assertEquals(builder.build(), builder.build());
    }

    @Test
    void zeroLayersAndAnnotations() throws Exception {
        TestImage image = TestImages.seeded(9).oci().layers(0).annotation("org.example.k", "v\"q\n").build();
        assertEquals(List.of(), image.layers());
        Map<String, Object> m = MiniJson.object(image.bytes());
        assertEquals(Map.of("org.example.k", "v\"q\n"), m.get("annotations"));
        assertEquals(List.of(), Checks.list(Checks.map(MiniJson.object(image.config().bytes()).get("rootfs")).get("diff_ids")));
    }

    private static List<TestManifest> sequence(long seed) {
        TestImages gen = TestImages.seeded(seed);
        TestImage x = gen.oci().build();
        TestImage y = gen.docker().platform("linux", "arm", "v7").build();
        return List.of(x, y, gen.artifact("application/vnd.example.thing+type").randomLayer("application/x.y", 100).build(),
                TestImages.index(x, y).build(), gen.schema1());
    }
}
