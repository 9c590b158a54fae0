package dev.airgap.bundle.format;

/** A manifest in a format this tool deliberately does not carry (for example Docker schema 1). */
public final class UnsupportedManifestException extends IntegrityException {
  private static final long serialVersionUID = 1L;

  public UnsupportedManifestException(String reason) {
    super("manifest is not supported: " + reason);
  }
}
