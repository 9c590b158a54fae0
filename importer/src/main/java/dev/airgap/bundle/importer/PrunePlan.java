package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Digest;
import java.util.List;

/**
 * What {@code --prune} will do with the tags this tool created earlier and the bundle no longer
 * has. Only tags the ledger records, still pointing where the tool put them, are removed.
 */
public record PrunePlan(List<Step> steps) {
  public PrunePlan {
    steps = List.copyOf(steps);
  }

  public static PrunePlan none() {
    return new PrunePlan(List.of());
  }

  public enum Action {
    /** The manifest is deleted by digest, which removes the tag with it. */
    DELETE,
    /** The tag is already gone; the ledger forgets it. */
    GONE,
    /** Moved outside the tool: left alone, and reported. */
    LEFT_MOVED,
    /** Another tag or a kept image uses the same manifest, so it cannot be deleted: kept, reported. */
    KEPT_SHARED
  }

  /** {@code children} are manifests of a deleted index that nothing kept references. */
  public record Step(String repository, String tag, Digest digest, Action action, String reason, List<Digest> children) {
    public Step {
      children = List.copyOf(children);
    }
  }

  public long count(Action action) {
    return steps.stream().filter(s -> s.action() == action).count();
  }
}
