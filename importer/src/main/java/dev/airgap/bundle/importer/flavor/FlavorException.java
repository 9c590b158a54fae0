package dev.airgap.bundle.importer.flavor;

/**
 * A registry product's admin API could not make a repository ready: quota, permission, bad
 * credentials, an unreachable API, or a target whose settings cannot work with its flavor. The
 * message is one sentence a user can act on and never contains a secret.
 */
public final class FlavorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FlavorException(String message) {
    super(message);
  }

  public FlavorException(String message, Throwable cause) {
    super(message, cause);
  }
}
