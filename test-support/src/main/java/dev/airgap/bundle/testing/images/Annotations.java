package dev.airgap.bundle.testing.images;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Annotation bookkeeping shared by the builders, including the padding used for size-cap tests. */
final class Annotations {
    /** Key of the filler annotation that makes a manifest as large as a test needs. */
    static final String PADDING_KEY = "dev.airgap.test.padding";

    private final Map<String, String> values = new LinkedHashMap<>();
    private int padding;
    private long exactSize = -1;

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

    /** Size the filler so the whole manifest is exactly {@code bytes} long. */
    void exactSize(long bytes) {
        exactSize = bytes;
    }

    /**
     * Renders the manifest with these annotations. For an exact size it renders once with a
     * one-character filler to measure, then once more with the filler grown by the difference:
     * each filler character is one byte in every JSON style, so the result is exact.
     */
    <T extends TestManifest> T render(Function<Map<String, String>, T> renderer) {
        if (exactSize < 0) {
            return renderer.apply(toJson(padding));
        }
        T probe = renderer.apply(toJson(1));
        long filler = exactSize - (probe.size() - 1);
        if (filler < 1 || filler > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot pad to " + exactSize + " bytes; minimum is " + probe.size());
        }
        return renderer.apply(toJson((int) filler));
    }

    /** The annotations to write, or null (field omitted) when there are none. */
    private Map<String, String> toJson(int fillerLength) {
        Map<String, String> out = new LinkedHashMap<>(values);
        if (fillerLength > 0) {
            out.put(PADDING_KEY, "x".repeat(fillerLength));
        }
        return out.isEmpty() ? null : out;
    }
}
