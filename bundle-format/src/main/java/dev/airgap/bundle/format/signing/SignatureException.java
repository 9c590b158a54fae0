package dev.airgap.bundle.format.signing;

import dev.airgap.bundle.format.IntegrityException;
import java.util.Objects;

/**
 * A signature file did not verify against the trusted keys. The {@link Reason} lets callers react
 * to the kind of failure without matching message text.
 */
public final class SignatureException extends IntegrityException {
  private static final long serialVersionUID = 1L;

  /** Why verification failed. */
  public enum Reason {
    /** The signature file is missing or empty: the content was never signed. */
    UNSIGNED,
    /** The signature file is not one base64 line. */
    NOT_BASE64,
    /** The decoded bytes are not a DER ECDSA signature. */
    MALFORMED,
    /** Well-formed, but no trusted key verifies it: another signer, or edited content. */
    NO_MATCHING_KEY
  }

  private final Reason reason;

  public SignatureException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public SignatureException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
