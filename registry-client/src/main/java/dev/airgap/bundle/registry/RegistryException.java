package dev.airgap.bundle.registry;

/**
 * A registry operation failed. The message names the operation, the registry, repository and
 * reference, and the registry's own error code and message; it never holds a credential.
 */
public class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String errorCode;

  public RegistryException(String message, int status, String errorCode, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  /** The HTTP status, or 0 when no answer arrived (network failure). */
  public int status() {
    return status;
  }

  /** The registry's error code such as {@code MANIFEST_UNKNOWN}, or null. */
  public String errorCode() {
    return errorCode;
  }
}
