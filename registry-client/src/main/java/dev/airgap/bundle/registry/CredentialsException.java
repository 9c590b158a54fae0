package dev.airgap.bundle.registry;

/** Credentials were configured but could not be read. Never carries the secret itself. */
public final class CredentialsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CredentialsException(String message, Throwable cause) {
    super(message, cause);
  }

  public CredentialsException(String message) {
    super(message);
  }
}
