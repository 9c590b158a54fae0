package dev.airgap.bundle.testing.images;

import java.util.Map;

/** The (mediaType, digest, size) triple by which manifests point at content. */
public record Descriptor(String mediaType, String digest, long size) {

    /** Descriptor of a generated manifest, e.g. to use as an artifact's subject. */
    public static Descriptor of(TestManifest manifest) {
        return new Descriptor(manifest.mediaType(), manifest.digest(), manifest.size());
    }

    /** JSON object in the field order registries and most tools emit. */
    Map<String, Object> toJson() {
        return Json.obj("mediaType", mediaType, "digest", digest, "size", size);
    }
}
