package dev.airgap.bundle.testing.images;

/** Media type strings used by the generator, spelled once so tests can refer to them. */
public final class MediaTypes {
    private MediaTypes() {}

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /** Annotation that names a manifest inside an OCI image layout's index.json. */
    public static final String REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";

    /** The manifest size cap most registries enforce (distribution, Harbor, ...). */
    public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    static boolean isGzipLayer(String mediaType) {
        return OCI_LAYER_GZIP.equals(mediaType) || DOCKER_LAYER_GZIP.equals(mediaType);
    }
}
