package dev.airgap.bundle.testing.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds an OCI image index (default) or a Docker manifest list over already built manifests.
 * Each entry's platform is the child image's platform; children that have none (indexes,
 * artifacts) get no platform field, and artifacts carry their artifactType instead.
 */
public final class IndexBuilder {
    private final List<TestManifest> children;
    private boolean docker;
    private Json.Style style = Json.Style.COMPACT;
    private final Annotations annotations = new Annotations();

    IndexBuilder(List<? extends TestManifest> children) {
        this.children = List.copyOf(children);
    }

    public IndexBuilder oci() {
        docker = false;
        return this;
    }

    /** Docker manifest list media type (children should then be Docker schema2 images). */
    public IndexBuilder docker() {
        docker = true;
        return this;
    }

    public IndexBuilder oddWhitespace() {
        style = Json.Style.ODD;
        return this;
    }

    public IndexBuilder annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    public IndexBuilder annotations(Map<String, String> values) {
        annotations.putAll(values);
        return this;
    }

    public IndexBuilder annotationPadding(int bytes) {
        annotations.padding(bytes);
        return this;
    }

    public IndexBuilder oversized() {
        annotations.oversized();
        return this;
    }

    public IndexBuilder manifestSize(long bytes) {
        annotations.exactSize(bytes);
        return this;
    }

    public TestIndex build() {
        List<Object> entries = new ArrayList<>();
        for (TestManifest child : children) {
            Map<String, Object> entry = child.descriptor().toJson();
            if (child instanceof TestImage image) {
                entry.put("platform", image.platform().toJson());
            }
            if (child instanceof TestArtifact artifact && artifact.artifactType() != null) {
                entry.put("artifactType", artifact.artifactType());
            }
            entries.add(entry);
        }
        String mediaType = docker ? MediaTypes.DOCKER_MANIFEST_LIST : MediaTypes.OCI_INDEX;
        return annotations.render(annotationJson -> {
            Map<String, Object> index = Json.obj(
                    "schemaVersion", 2,
                    "mediaType", mediaType,
                    "manifests", entries,
                    "annotations", annotationJson);
            return new TestIndex(Json.write(index, style), mediaType, null, children);
        });
    }
}
