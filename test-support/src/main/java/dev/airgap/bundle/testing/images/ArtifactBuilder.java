package dev.airgap.bundle.testing.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds an OCI 1.1 artifact manifest (mediaType application/vnd.oci.image.manifest.v1+json with
 * an artifactType). Defaults follow the spec's guidance for artifacts without a config: the
 * two-byte empty config, and a single empty layer if no blob is added.
 */
public final class ArtifactBuilder {
    private final long seed;
    private final String artifactType;
    private Blob config = Blob.EMPTY_JSON;
    private final List<Blob> layers = new ArrayList<>();
    private Descriptor subject;
    private Json.Style style = Json.Style.COMPACT;
    private final Annotations annotations = new Annotations();

    ArtifactBuilder(long seed, String artifactType) {
        this.seed = seed;
        this.artifactType = artifactType;
    }

    /** A config blob of any (e.g. unknown) media type instead of the empty one. */
    public ArtifactBuilder config(String mediaType, byte[] content) {
        return config(Blob.of(content, mediaType));
    }

    public ArtifactBuilder config(Blob blob) {
        config = blob;
        return this;
    }

    public ArtifactBuilder layer(String mediaType, byte[] content) {
        return layer(Blob.of(content, mediaType));
    }

    public ArtifactBuilder layer(Blob blob) {
        layers.add(blob);
        return this;
    }

    /** A blob of {@code size} seeded pseudo-random bytes under any media type. */
    public ArtifactBuilder randomLayer(String mediaType, int size) {
        return layer(Blob.of(TestImages.randomBytes(TestImages.mix(seed + layers.size() + 1), size), mediaType));
    }

    /** Makes this a referrer of {@code manifest} (which is not pushed along with it). */
    public ArtifactBuilder subject(TestManifest manifest) {
        return subject(Descriptor.of(manifest));
    }

    /** Subject by descriptor, e.g. one that does not exist anywhere, for dangling-referrer tests. */
    public ArtifactBuilder subject(Descriptor descriptor) {
        subject = descriptor;
        return this;
    }

    public ArtifactBuilder annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    public ArtifactBuilder annotations(Map<String, String> values) {
        annotations.putAll(values);
        return this;
    }

    public ArtifactBuilder annotationPadding(int bytes) {
        annotations.padding(bytes);
        return this;
    }

    public ArtifactBuilder oversized() {
        annotations.oversized();
        return this;
    }

    public ArtifactBuilder manifestSize(long bytes) {
        annotations.exactSize(bytes);
        return this;
    }

    public ArtifactBuilder oddWhitespace() {
        style = Json.Style.ODD;
        return this;
    }

    public TestArtifact build() {
        List<Blob> blobs = layers.isEmpty() ? List.of(Blob.EMPTY_JSON) : List.copyOf(layers);
        List<Object> layerJson = new ArrayList<>();
        for (Blob b : blobs) {
            layerJson.add(b.descriptor().toJson());
        }
        return annotations.render(annotationJson -> {
            Map<String, Object> manifest = Json.obj(
                    "schemaVersion", 2,
                    "mediaType", MediaTypes.OCI_MANIFEST,
                    "artifactType", artifactType,
                    "config", config.descriptor().toJson(),
                    "layers", layerJson,
                    "subject", subject == null ? null : subject.toJson(),
                    "annotations", annotationJson);
            return new TestArtifact(Json.write(manifest, style), MediaTypes.OCI_MANIFEST, null, artifactType,
                    config, blobs, subject, annotationJson == null ? Map.of() : annotationJson);
        });
    }
}
