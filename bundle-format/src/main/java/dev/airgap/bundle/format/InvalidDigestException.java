package dev.airgap.bundle.format;

/** A digest string that is not lowercase {@code sha256:} + 64 hex or {@code sha512:} + 128 hex. */
public final class InvalidDigestException extends IntegrityException {
  private static final long serialVersionUID = 1L;

  public InvalidDigestException(String text) {
    super(
        "'"
            + abbreviate(text)
            + "' is not a valid digest: expected lowercase sha256:<64 hex> or sha512:<128 hex>");
  }

  private static String abbreviate(String text) {
    return text.length() > 140 ? text.substring(0, 140) + "…" : text;
  }
}
