package dev.airgap.bundle.testing.images;

import java.util.ArrayList;
import java.util.List;

/** A single-platform image manifest (OCI or Docker schema2) with its config and layers. */
public record TestImage(
        byte[] bytes, String mediaType, String digest, Blob config, List<Blob> layers, Platform platform)
        implements TestManifest {

    public TestImage {
        bytes = bytes.clone();
        digest = Records.checkDigest(bytes, digest);
        layers = List.copyOf(layers);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Config followed by layers, in manifest order. */
    @Override
    public List<Blob> blobs() {
        List<Blob> all = new ArrayList<>(layers.size() + 1);
        all.add(config);
        all.addAll(layers);
        return all;
    }

    @Override
    public List<TestManifest> children() {
        return List.of();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestImage t && t.digest.equals(digest) && t.mediaType.equals(mediaType);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "TestImage[" + mediaType + " " + digest + " " + platform + ", " + layers.size() + " layers]";
    }
}
