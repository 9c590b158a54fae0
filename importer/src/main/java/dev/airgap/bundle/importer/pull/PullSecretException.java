package dev.airgap.bundle.importer.pull;

/**
 * Pull secrets cannot be made from a target's settings: it has no {@code pull} section, or its
 * credential is one Kubernetes cannot pull with. The message is one sentence a user can act on and
 * never contains a secret.
 */
public final class PullSecretException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PullSecretException(String message) {
    super(message);
  }
}
