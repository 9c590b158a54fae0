package dev.airgap.bundle.testing.images;

import java.util.List;

/**
 * A Docker schema1 signed manifest (prettyjws), only for testing that it is rejected.
 *
 * <p>Note: {@link #digest()} is the sha256 of the bytes as given. Registries compute a schema1
 * digest over the JWS payload (signatures stripped), so the two differ; that mismatch is one
 * of the reasons the tool refuses schema1 outright.
 */
public record TestSchema1(byte[] bytes, String mediaType, String digest, List<Blob> layers)
        implements TestManifest {

    public TestSchema1 {
        bytes = bytes.clone();
        digest = Records.checkDigest(bytes, digest);
        layers = List.copyOf(layers);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public List<Blob> blobs() {
        return layers;
    }

    @Override
    public List<TestManifest> children() {
        return List.of();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestSchema1 t && t.digest.equals(digest);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "TestSchema1[" + digest + ", " + layers.size() + " layers]";
    }
}
