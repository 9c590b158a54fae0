package dev.airgap.bundle.testing.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class LayerTest {

    private static byte[] gunzip(byte[] gz) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void layersAreGzippedUstarWithTheRequestedContentSize() throws Exception {
        TestImage image = TestImages.seeded(1).oci().layers(3).layerSize(10_000).build();
        assertEquals(3, image.layers().size());
        for (Blob layer : image.layers()) {
            Map<String, byte[]> entries = TarReader.read(gunzip(layer.bytes()));
            assertTrue(entries.size() >= 4, "a directory, seed.txt and at least two files: " + entries.keySet());
            long binBytes = entries.entrySet().stream()
                    .filter(e -> e.getKey().endsWith(".bin"))
                    .mapToLong(e -> e.getValue().length)
                    .sum();
            assertEquals(10_000, binBytes);
        }
    }

    @Test
    void configDiffIdsAreDigestsOfTheUncompressedTars() throws Exception {
        TestImage image = TestImages.seeded(2).docker().layers(2).build();
        Map<String, Object> config = MiniJson.object(image.config().bytes());
        Map<String, Object> rootfs = Checks.map(config.get("rootfs"));
        assertEquals("layers", rootfs.get("type"));
        List<Object> diffIds = Checks.list(rootfs.get("diff_ids"));
        assertEquals(image.layers().size(), diffIds.size());
        for (int i = 0; i < diffIds.size(); i++) {
            assertEquals(Checks.sha256(gunzip(image.layers().get(i).bytes())), diffIds.get(i));
        }
        assertEquals(diffIds.size(), Checks.list(config.get("history")).size());
    }

    @Test
    void sharedLayerDiffIdIsComputedFromItsContent() throws Exception {
        TestImages gen = TestImages.seeded(3);
        Blob base = gen.layer(500);
        TestImage image = gen.oci().sharedLayers(base).layers(1).build();
        List<Object> diffIds = Checks.list(Checks.map(MiniJson.object(image.config().bytes()).get("rootfs")).get("diff_ids"));
        assertEquals(Checks.sha256(gunzip(base.bytes())), diffIds.get(0));
    }

    @Test
    void systemTarListsTheLayer() throws Exception {
        assumeTrue(Checks.hasCommand("tar"), "tar not installed");
        Blob layer = TestImages.seeded(4).oci().layers(1).build().layers().get(0);
        assertEquals(0, Checks.runWithInput(layer.bytes(), "tar", "-tzf", "-"));
    }
}
