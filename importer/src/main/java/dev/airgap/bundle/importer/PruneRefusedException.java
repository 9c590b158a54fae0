package dev.airgap.bundle.importer;

/**
 * {@code --prune} was asked for with a bundle that cannot say which tags stay: pruning against it
 * would remove every tag this tool created. Nothing was changed on the target.
 */
public final class PruneRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PruneRefusedException(String message) {
    super(message);
  }
}
