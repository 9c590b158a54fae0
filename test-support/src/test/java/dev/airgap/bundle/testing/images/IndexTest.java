package dev.airgap.bundle.testing.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexTest {

    @Test
    void ociIndexListsChildrenWithTheirPlatforms() throws Exception {
        TestImages gen = TestImages.seeded(21);
        TestImage amd = gen.oci().build();
        TestImage arm = gen.oci().platform("linux", "arm64", "v8").sharedLayers(amd.layers().get(0)).build();
        TestIndex index = TestImages.index(amd, arm).annotation("org.example", "x").build();
        Checks.assertDigestMatches(index);

        assertEquals(MediaTypes.OCI_INDEX, index.mediaType());
        assertEquals(List.of(amd, arm), index.children());
        Map<String, Object> m = MiniJson.object(index.bytes());
        assertEquals(2L, m.get("schemaVersion"));
        assertEquals(MediaTypes.OCI_INDEX, m.get("mediaType"));
        assertEquals(Map.of("org.example", "x"), m.get("annotations"));
        List<Object> entries = Checks.list(m.get("manifests"));
        Map<String, Object> e1 = Checks.map(entries.get(1));
        assertEquals(MediaTypes.OCI_MANIFEST, e1.get("mediaType"));
        assertEquals(arm.digest(), e1.get("digest"));
        assertEquals(arm.size(), e1.get("size"));
        assertEquals(Map.of("os", "linux", "architecture", "arm64", "variant", "v8"), e1.get("platform"));
        assertEquals(Map.of("os", "linux", "architecture", "amd64"), Checks.map(entries.get(0)).get("platform"));
    }

    @Test
    void dockerManifestList() throws Exception {
        TestImages gen = TestImages.seeded(22);
        TestImage a = gen.docker().build();
        TestImage b = gen.docker().platform("linux", "arm", "v7").build();
        TestIndex list = TestImages.index(List.of(a, b)).docker().build();
        Checks.assertDigestMatches(list);
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, list.mediaType());
        Map<String, Object> m = MiniJson.object(list.bytes());
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, m.get("mediaType"));
        assertFalse(m.containsKey("annotations"));
        Map<String, Object> e = Checks.map(Checks.list(m.get("manifests")).get(1));
        assertEquals(MediaTypes.DOCKER_MANIFEST, e.get("mediaType"));
        assertEquals("v7", Checks.map(e.get("platform")).get("variant"));
    }

    @Test
    void walkingANestedIndexVisitsChildrenFirstAndBlobsOnce() {
        TestImages gen = TestImages.seeded(23);
        Blob base = gen.layer(300);
        TestImage a = gen.oci().sharedLayers(base).layers(1).build();
        TestImage b = gen.oci().platform("linux", "s390x").sharedLayers(base).layers(1).build();
        TestArtifact sbom = gen.artifact("application/vnd.example.sbom").subject(a).randomLayer("application/json", 50).build();
        TestIndex inner = TestImages.index(a, b).build();
        TestIndex outer = TestImages.index(inner, a, sbom).build();

        assertEquals(List.of(a, b, inner, sbom, outer), outer.allManifests());
        // base layer counted once although both images use it.
        List<Blob> blobs = outer.allBlobs();
        assertEquals(blobs.size(), blobs.stream().map(Blob::digest).distinct().count());
        assertEquals(1 + 2 + 2 + 2, blobs.size(), "base, 2 own layers, 2 configs, artifact config+blob");
        assertEquals(List.of(), outer.blobs());

        Map<String, Object> sbomEntry = Checks.map(Checks.list(MiniJson.object(outer.bytes()).get("manifests")).get(2));
        assertEquals("application/vnd.example.sbom", sbomEntry.get("artifactType"));
        assertFalse(sbomEntry.containsKey("platform"));
        assertFalse(Checks.map(Checks.list(MiniJson.object(outer.bytes()).get("manifests")).get(0)).containsKey("platform"));
    }
}
