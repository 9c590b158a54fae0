package dev.airgap.bundle.format;

/** Content whose computed digest or size differs from what was expected. */
public final class DigestMismatchException extends IntegrityException {
  private static final long serialVersionUID = 1L;

  public DigestMismatchException(String message) {
    super(message);
  }
}
