package dev.airgap.bundle.testing.images;

import java.util.LinkedHashMap;
import java.util.Map;

/** Annotation bookkeeping shared by the builders, including the padding used for size-cap tests. */
final class Annotations {
    /** Key of the filler annotation that makes a manifest as large as a test needs. */
    static final String PADDING_KEY = "dev.airgap.test.padding";

    private final Map<String, String> values = new LinkedHashMap<>();
    private int padding;

    void put(String key, String value) {
        values.put(key, value);
    }

    void putAll(Map<String, String> more) {
        values.putAll(more);
    }

    void padding(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative padding");
        }
        padding = bytes;
    }

    /** Padding that alone pushes the manifest past the usual 4 MiB registry cap. */
    void oversized() {
        padding(MediaTypes.MAX_MANIFEST_BYTES + 1);
    }

    /** The annotations to write, or null (field omitted) when there are none. */
    Map<String, String> toJson() {
        Map<String, String> out = new LinkedHashMap<>(values);
        if (padding > 0) {
            out.put(PADDING_KEY, "x".repeat(padding));
        }
        return out.isEmpty() ? null : out;
    }

    Map<String, String> plain() {
        return values;
    }
}
