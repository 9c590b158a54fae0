package dev.airgap.bundle.testing.images;

/** Shared checks for the fixture records. */
final class Records {
    private Records() {}

    /** Returns the digest of {@code bytes}, insisting that a given digest agrees with it. */
    static String checkDigest(byte[] bytes, String digest) {
        String actual = Digests.sha256(bytes);
        if (digest != null && !digest.equals(actual)) {
            throw new IllegalArgumentException("digest " + digest + " does not match content " + actual);
        }
        return actual;
    }
}
