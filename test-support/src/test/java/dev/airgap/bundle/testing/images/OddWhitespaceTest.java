package dev.airgap.bundle.testing.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OddWhitespaceTest {

    /** The same manifest twice, differing only in serialization. */
    private static List<TestManifest> pairs() {
        TestImage compact = TestImages.seeded(11).oci().annotation("a", "b").build();
        TestImage odd = TestImages.seeded(11).oci().annotation("a", "b").oddWhitespace().build();
        TestImage dockerCompact = TestImages.seeded(11).docker().build();
        TestImage dockerOdd = TestImages.seeded(11).docker().oddWhitespace().build();
        return List.of(compact, odd, dockerCompact, dockerOdd,
                TestImages.index(compact, dockerCompact).build(),
                TestImages.index(compact, dockerCompact).oddWhitespace().build(),
                TestImages.seeded(11).artifact("application/vnd.example.thing+type").subject(compact).build(),
                TestImages.seeded(11).artifact("application/vnd.example.thing+type").subject(compact).oddWhitespace().build());
    }

    @Test
    void oddFormParsesToTheSameValueButDifferentBytesAndDigest() throws Exception {
        List<TestManifest> p = pairs();
        for (int i = 0; i < p.size(); i += 2) {
            TestManifest compact = p.get(i);
            TestManifest odd = p.get(i + 1);
            Checks.assertDigestMatches(odd);
            assertNotEquals(compact.digest(), odd.digest());
            assertEquals(MiniJson.parse(compact.bytes()), MiniJson.parse(odd.bytes()));
            assertEquals(compact.allBlobs(), odd.allBlobs(), "same blobs, only the manifest differs");
        }
    }

    @Test
    void oddFormUsesTheUnusualFeatures() {
        TestImage odd = TestImages.seeded(12).oci().oddWhitespace().build();
        String s = new String(odd.bytes(), StandardCharsets.UTF_8);
        assertTrue(s.contains("\r\n\t"), "CRLF and tab indentation");
        assertTrue(s.contains("\" :\t"), "space before colon");
        assertTrue(s.endsWith("}\n"), "trailing newline");
        assertFalse(s.startsWith("{\"schemaVersion\""));
        // Reverse key order: schemaVersion, normally first, comes last.
        List<String> keys = new ArrayList<>(MiniJson.object(odd.bytes()).keySet());
        assertEquals("schemaVersion", keys.get(keys.size() - 1));
    }

    @Test
    void compactFormIsGoStyle() {
        String s = new String(TestImages.seeded(12).oci().build().bytes(), StandardCharsets.UTF_8);
        assertTrue(s.startsWith("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{"));
        assertFalse(s.contains(" ") || s.contains("\n"));
    }

    @Test
    void pythonAcceptsEveryOddForm() throws Exception {
        assertTrue(Checks.hasCommand("python3"), "python3 is not installed: run bin/test, which installs it");
        for (TestManifest m : pairs()) {
            assertEquals(0, Checks.runWithInput(m.bytes(), "python3", "-c", "import json,sys; json.load(sys.stdin)"), m.toString());
        }
        Map<String, Object> parsed = MiniJson.object(pairs().get(1).bytes());
        assertEquals(MediaTypes.OCI_MANIFEST, parsed.get("mediaType"));
    }
}
