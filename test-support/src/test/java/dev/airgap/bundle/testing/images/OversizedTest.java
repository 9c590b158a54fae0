package dev.airgap.bundle.testing.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OversizedTest {

    @Test
    void oversizedManifestsExceedFourMiBAndStayValid() throws Exception {
        TestImages gen = TestImages.seeded(51);
        TestImage image = gen.oci().oversized().build();
        List<TestManifest> all = List.of(
                image,
                TestImages.index(gen.oci().build()).oversized().build(),
                gen.artifact("application/vnd.example.big").oversized().build());
        for (TestManifest m : all) {
            assertTrue(m.size() > MediaTypes.MAX_MANIFEST_BYTES, m + " is " + m.size());
            assertTrue(m.size() < MediaTypes.MAX_MANIFEST_BYTES + 64 * 1024, "not needlessly large");
            Checks.assertDigestMatches(m);
            MiniJson.parse(m.bytes());
        }
    }

    @Test
    void manifestSizeHitsTheCapBoundaryExactly() throws Exception {
        TestImages gen = TestImages.seeded(52);
        TestImage child = gen.docker().build();
        List<TestManifest> all = List.of(
                gen.oci().manifestSize(MediaTypes.MAX_MANIFEST_BYTES).build(),
                gen.oci().oddWhitespace().manifestSize(MediaTypes.MAX_MANIFEST_BYTES + 1).build(),
                TestImages.index(child).docker().manifestSize(MediaTypes.MAX_MANIFEST_BYTES).build(),
                gen.artifact("application/vnd.example.big").manifestSize(1000).build());
        assertEquals(MediaTypes.MAX_MANIFEST_BYTES, all.get(0).size());
        assertEquals(MediaTypes.MAX_MANIFEST_BYTES + 1, all.get(1).size());
        assertEquals(MediaTypes.MAX_MANIFEST_BYTES, all.get(2).size());
        assertEquals(1000, all.get(3).size());
        for (TestManifest m : all) {
            Checks.assertDigestMatches(m);
            MiniJson.parse(m.bytes());
        }
    }

    @Test
    void manifestSizeBelowTheMinimumIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TestImages.seeded(53).oci().manifestSize(10).build());
    }
}
