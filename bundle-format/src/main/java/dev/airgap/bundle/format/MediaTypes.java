package dev.airgap.bundle.format;

import java.util.List;
import java.util.Locale;

/** The manifest media types this tool carries, and how to classify them. */
public final class MediaTypes {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  /** The short-lived OCI 1.1 release-candidate artifact manifest, still found in the wild. */
  public static final String OCI_ARTIFACT_MANIFEST = "application/vnd.oci.artifact.manifest.v1+json";

  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String DOCKER_SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
  public static final String DOCKER_SCHEMA1_SIGNED =
      "application/vnd.docker.distribution.manifest.v1+prettyjws";

  /** Every manifest type we accept, in the order sent in {@code Accept}. */
  public static final List<String> ACCEPTED_MANIFESTS =
      List.of(OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST, OCI_ARTIFACT_MANIFEST);

  private MediaTypes() {}

  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
  }

  public static boolean isImageManifest(String mediaType) {
    return OCI_MANIFEST.equals(mediaType)
        || DOCKER_MANIFEST.equals(mediaType)
        || OCI_ARTIFACT_MANIFEST.equals(mediaType);
  }

  public static boolean isSchema1(String mediaType) {
    return DOCKER_SCHEMA1.equals(mediaType) || DOCKER_SCHEMA1_SIGNED.equals(mediaType);
  }

  public static boolean isAccepted(String mediaType) {
    return ACCEPTED_MANIFESTS.contains(mediaType);
  }

  /** The bare type of a {@code Content-Type} value: parameters dropped, lower-cased. */
  public static String essence(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    String bare = semi < 0 ? contentType : contentType.substring(0, semi);
    return bare.trim().toLowerCase(Locale.ROOT);
  }
}
