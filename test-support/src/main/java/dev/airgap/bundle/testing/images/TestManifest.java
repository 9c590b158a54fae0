package dev.airgap.bundle.testing.images;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anything generated that a registry stores under /manifests/: images, indexes, artifacts,
 * schema1 manifests. Lets a test push or walk any fixture without caring which kind it is.
 */
public interface TestManifest {

    /** The exact manifest bytes; the digest is over these and nothing may re-serialize them. */
    byte[] bytes();

    String mediaType();

    /** "sha256:" + hex of {@link #bytes()}. */
    String digest();

    /** Blobs this manifest references directly (config first, then layers); none for an index. */
    List<Blob> blobs();

    /** Manifests this manifest references directly (index entries); none for an image. */
    List<TestManifest> children();

    default long size() {
        return bytes().length;
    }

    default Descriptor descriptor() {
        return Descriptor.of(this);
    }

    /** The manifest itself as a blob, e.g. for writing into blobs/sha256/ of a layout. */
    default Blob asBlob() {
        return new Blob(bytes(), digest(), mediaType());
    }

    /** Every blob reachable from here, children included, each digest once. */
    default List<Blob> allBlobs() {
        Map<String, Blob> seen = new LinkedHashMap<>();
        for (TestManifest m : allManifests()) {
            for (Blob b : m.blobs()) {
                seen.putIfAbsent(b.digest(), b);
            }
        }
        return new ArrayList<>(seen.values());
    }

    /**
     * This manifest and all reachable child manifests, each digest once, children before their
     * parents: the order in which they can be pushed to a registry that checks references.
     */
    default List<TestManifest> allManifests() {
        Map<String, TestManifest> seen = new LinkedHashMap<>();
        collect(this, seen);
        return new ArrayList<>(seen.values());
    }

    private static void collect(TestManifest m, Map<String, TestManifest> seen) {
        if (seen.containsKey(m.digest())) {
            return;
        }
        for (TestManifest child : m.children()) {
            collect(child, seen);
        }
        seen.put(m.digest(), m);
    }
}
