package dev.airgap.bundle.testing.images;

import java.util.List;

/** An OCI image index or Docker manifest list and the manifests it lists. */
public record TestIndex(byte[] bytes, String mediaType, String digest, List<TestManifest> children)
        implements TestManifest {

    public TestIndex {
        bytes = bytes.clone();
        digest = Records.checkDigest(bytes, digest);
        children = List.copyOf(children);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public List<Blob> blobs() {
        return List.of();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestIndex t && t.digest.equals(digest) && t.mediaType.equals(mediaType);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "TestIndex[" + mediaType + " " + digest + ", " + children.size() + " children]";
    }
}
