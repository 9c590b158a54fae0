package dev.airgap.bundle.exporter;

/** An export cannot go on; the message says why and names the image or blob. */
public final class ExportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ExportException(String message) {
    super(message);
  }

  public ExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
