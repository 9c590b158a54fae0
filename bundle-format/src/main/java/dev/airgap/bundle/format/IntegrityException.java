package dev.airgap.bundle.format;

/**
 * Content failed a verification: a digest, size, signature or structural check. The CLI maps
 * every subtype to the "verification failed" exit code.
 */
public class IntegrityException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IntegrityException(String message) {
    super(message);
  }

  public IntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
