package dev.airgap.bundle.testing.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Schema1Test {

    @Test
    void hasTheSignedSchema1Shape() throws Exception {
        TestSchema1 s = TestImages.seeded(41).schema1();
        Checks.assertDigestMatches(s);
        assertEquals("application/vnd.docker.distribution.manifest.v1+prettyjws", s.mediaType());
        Map<String, Object> m = MiniJson.object(s.bytes());
        assertEquals(1L, m.get("schemaVersion"));
        List<Object> fsLayers = Checks.list(m.get("fsLayers"));
        assertEquals(s.layers().size(), fsLayers.size());
        // Top-most layer first.
        assertEquals(s.layers().get(s.layers().size() - 1).digest(), Checks.map(fsLayers.get(0)).get("blobSum"));
        for (Object h : Checks.list(m.get("history"))) {
            MiniJson.parse((String) Checks.map(h).get("v1Compatibility"));
        }
        Map<String, Object> sig = Checks.map(Checks.list(m.get("signatures")).get(0));
        assertEquals("ES256", Checks.map(sig.get("header")).get("alg"));
        assertTrue(new String(s.bytes(), StandardCharsets.UTF_8).startsWith("{\n   \"schemaVersion\": 1,\n"));
    }

    @Test
    void protectedHeaderDescribesThePayload() {
        TestSchema1 s = TestImages.seeded(42).schema1();
        Map<String, Object> m = MiniJson.object(s.bytes());
        Map<String, Object> sig = Checks.map(Checks.list(m.get("signatures")).get(0));
        byte[] header = Base64.getUrlDecoder().decode((String) sig.get("protected"));
        Map<String, Object> h = MiniJson.object(header);
        int formatLength = ((Long) h.get("formatLength")).intValue();
        byte[] tail = Base64.getUrlDecoder().decode((String) h.get("formatTail"));
        byte[] payload = concat(Arrays.copyOf(s.bytes(), formatLength), tail);
        Map<String, Object> unsigned = MiniJson.object(payload);
        assertEquals(m.get("fsLayers"), unsigned.get("fsLayers"));
        assertTrue(!unsigned.containsKey("signatures"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
