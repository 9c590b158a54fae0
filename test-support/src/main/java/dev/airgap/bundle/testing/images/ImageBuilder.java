package dev.airgap.bundle.testing.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds one image manifest with config and layers. Obtain it from {@link TestImages#oci()} or
 * {@link TestImages#docker()}. Defaults: OCI, linux/amd64, 2 layers of 1 KiB content each,
 * compact JSON, no annotations.
 */
public final class ImageBuilder {
    private final long seed;
    private boolean docker;
    private int layerCount = 2;
    private int layerSize = 1024;
    private Platform platform = Platform.LINUX_AMD64;
    private final List<Blob> shared = new ArrayList<>();
    private Json.Style style = Json.Style.COMPACT;
    private final Annotations annotations = new Annotations();

    ImageBuilder(long seed) {
        this.seed = seed;
    }

    /** OCI media types for manifest, config and layers. */
    public ImageBuilder oci() {
        docker = false;
        return this;
    }

    /** Docker schema2 media types for manifest, config and layers. */
    public ImageBuilder docker() {
        docker = true;
        return this;
    }

    /** Number of generated layers, on top of any {@link #sharedLayers shared} ones; may be 0. */
    public ImageBuilder layers(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative layer count");
        }
        layerCount = count;
        return this;
    }

    /**
     * Total file content per generated layer in bytes. The content is random, so the compressed
     * blob is about this size plus tar/gzip overhead (a few KiB at most).
     */
    public ImageBuilder layerSize(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative layer size");
        }
        layerSize = bytes;
        return this;
    }

    public ImageBuilder platform(String os, String architecture) {
        return platform(Platform.of(os, architecture));
    }

    public ImageBuilder platform(String os, String architecture, String variant) {
        return platform(Platform.of(os, architecture, variant));
    }

    public ImageBuilder platform(Platform p) {
        platform = p;
        return this;
    }

    /**
     * Base layers placed below the generated ones, in the given order, e.g. layers of another
     * TestImage or from {@link TestImages#layer}. The bytes (and digest) are reused as is; only
     * the gzip layer media type is switched between its OCI and Docker spelling to match this
     * manifest's format, as a real registry mirror would see.
     */
    public ImageBuilder sharedLayers(Blob... layers) {
        return sharedLayers(List.of(layers));
    }

    public ImageBuilder sharedLayers(List<Blob> layers) {
        shared.addAll(layers);
        return this;
    }

    /** Serialize the manifest with unusual but valid whitespace and key order (see Json.Style.ODD). */
    public ImageBuilder oddWhitespace() {
        style = Json.Style.ODD;
        return this;
    }

    public ImageBuilder annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    public ImageBuilder annotations(Map<String, String> values) {
        annotations.putAll(values);
        return this;
    }

    /** Adds a filler annotation of {@code bytes} characters to grow the manifest. */
    public ImageBuilder annotationPadding(int bytes) {
        annotations.padding(bytes);
        return this;
    }

    /** Makes the manifest larger than {@link MediaTypes#MAX_MANIFEST_BYTES} via a filler annotation. */
    public ImageBuilder oversized() {
        annotations.oversized();
        return this;
    }

    /** Pads with a filler annotation so the manifest is exactly {@code bytes} long (for cap boundaries). */
    public ImageBuilder manifestSize(long bytes) {
        annotations.exactSize(bytes);
        return this;
    }

    public TestImage build() {
        String layerType = docker ? MediaTypes.DOCKER_LAYER_GZIP : MediaTypes.OCI_LAYER_GZIP;
        List<Blob> layers = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (Blob b : shared) {
            layers.add(MediaTypes.isGzipLayer(b.mediaType()) ? b.withMediaType(layerType) : b);
            diffIds.add(Layers.diffIdOf(b));
        }
        for (int i = 0; i < layerCount; i++) {
            Layers.Layer l = Layers.generate(TestImages.mix(seed + i + 1), "layer" + i, layerSize, layerType);
            layers.add(l.blob());
            diffIds.add(l.diffId());
        }

        Blob config = Blob.of(
                Json.write(ImageConfig.json(seed, platform, diffIds), Json.Style.COMPACT),
                docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG);

        String mediaType = docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST;
        List<Object> layerJson = new ArrayList<>();
        for (Blob b : layers) {
            layerJson.add(b.descriptor().toJson());
        }
        return annotations.render(annotationJson -> {
            Map<String, Object> manifest = Json.obj(
                    "schemaVersion", 2,
                    "mediaType", mediaType,
                    "config", config.descriptor().toJson(),
                    "layers", layerJson,
                    "annotations", annotationJson);
            return new TestImage(Json.write(manifest, style), mediaType, null, config, layers, platform);
        });
    }
}
