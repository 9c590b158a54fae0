package dev.airgap.bundle.testing.images;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Content-addressed bytes plus the media type they are referenced with.
 *
 * <p>The digest is always checked against the bytes on construction, so a Blob can never
 * lie about its content; tests that need a mismatch must build it from the raw parts
 * themselves. Bytes are copied in and out so a test cannot mutate a shared fixture by accident.
 */
public record Blob(byte[] bytes, String digest, String mediaType) {

    /** The OCI 1.1 "empty" descriptor content: exactly the two bytes {@code {}}. */
    public static final Blob EMPTY_JSON = of("{}".getBytes(StandardCharsets.US_ASCII), MediaTypes.OCI_EMPTY);

    public Blob {
        bytes = bytes.clone();
        String actual = Digests.sha256(bytes);
        if (digest == null) {
            digest = actual;
        } else if (!digest.equals(actual)) {
            throw new IllegalArgumentException("digest " + digest + " does not match content " + actual);
        }
        if (mediaType == null) {
            throw new IllegalArgumentException("mediaType is required");
        }
    }

    public static Blob of(byte[] bytes, String mediaType) {
        return new Blob(bytes, null, mediaType);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public long size() {
        return bytes.length;
    }

    /** Same bytes (so same digest) referenced with another media type, e.g. OCI vs Docker layer types. */
    public Blob withMediaType(String newMediaType) {
        return new Blob(bytes, digest, newMediaType);
    }

    public Descriptor descriptor() {
        return new Descriptor(mediaType, digest, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blob b && b.digest.equals(digest) && b.mediaType.equals(mediaType);
    }

    @Override
    public int hashCode() {
        return digest.hashCode() * 31 + mediaType.hashCode();
    }

    @Override
    public String toString() {
        return "Blob[" + mediaType + " " + digest + " " + bytes.length + "B]";
    }
}
