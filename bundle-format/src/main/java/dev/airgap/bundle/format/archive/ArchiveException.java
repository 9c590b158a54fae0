package dev.airgap.bundle.format.archive;

import dev.airgap.bundle.format.IntegrityException;

/** The archive itself is malformed, hostile, truncated or disagrees with its own tables. */
public final class ArchiveException extends IntegrityException {
  private static final long serialVersionUID = 1L;

  public ArchiveException(String message) {
    super(message);
  }

  public ArchiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
