package dev.airgap.bundle.registry;

/** The registry refused our identity (401/403) or we refused to send credentials insecurely. */
public final class RegistryAuthException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public RegistryAuthException(String message, int status, String errorCode) {
    super(message, status, errorCode, null);
  }
}
