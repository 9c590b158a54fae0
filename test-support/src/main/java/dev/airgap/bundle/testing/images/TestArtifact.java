package dev.airgap.bundle.testing.images;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OCI 1.1 artifact: an image manifest whose {@code artifactType} and config media type are
 * not an image's, with blobs of arbitrary media types. {@code artifactType} and {@code subject}
 * may be null (then absent from the JSON).
 */
public record TestArtifact(
        byte[] bytes,
        String mediaType,
        String digest,
        String artifactType,
        Blob config,
        List<Blob> layers,
        Descriptor subject,
        Map<String, String> annotations)
        implements TestManifest {

    public TestArtifact {
        bytes = bytes.clone();
        digest = Records.checkDigest(bytes, digest);
        layers = List.copyOf(layers);
        // Kept in insertion order so it reads like the JSON it was written to.
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public List<Blob> blobs() {
        List<Blob> all = new ArrayList<>(layers.size() + 1);
        all.add(config);
        all.addAll(layers);
        return all;
    }

    /** The subject is a referrer link, not ownership: it is not a child and must be pushed separately. */
    @Override
    public List<TestManifest> children() {
        return List.of();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestArtifact t && t.digest.equals(digest) && t.mediaType.equals(mediaType);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "TestArtifact[" + artifactType + " " + digest + ", " + layers.size() + " blobs]";
    }
}
