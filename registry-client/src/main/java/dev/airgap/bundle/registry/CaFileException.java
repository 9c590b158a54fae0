package dev.airgap.bundle.registry;

/**
 * A {@code ca-file} (or {@code --ca-file}) that does not exist or holds no PEM certificate: a
 * mistake in the user's settings, found before any connection is made.
 */
public class CaFileException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public CaFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
