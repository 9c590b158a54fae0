package dev.airgap.bundle.format.signing;

/**
 * A key file could not be written or read as an ECDSA P-256 key. This is a setup problem (wrong
 * file, wrong key type), not a verification failure, so it is not an IntegrityException.
 */
public final class KeyFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeyFileException(String message) {
    super(message);
  }

  public KeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
