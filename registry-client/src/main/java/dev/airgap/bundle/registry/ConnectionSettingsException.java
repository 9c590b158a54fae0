package dev.airgap.bundle.registry;

/**
 * A connection failed because of how it is set up — TLS against a plain-HTTP server or the
 * reverse, or a certificate that does not verify — so only changing the setting the message
 * names helps; another try would fail the same way.
 */
public class ConnectionSettingsException extends RegistryException {
  private static final long serialVersionUID = 1L;

  public ConnectionSettingsException(String message, Throwable cause) {
    super(message, 0, null, cause);
  }
}
