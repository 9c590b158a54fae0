package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Digest;
import java.util.List;

/**
 * What {@code --prune} will do with the tags this tool created earlier and the bundle no longer
 * has. Only tags the ledger records, still pointing where the tool put them, are removed.
 *
 * @param steps one per tag the ledger records and the bundle no longer has
 * @param notApplied why prune was asked for and not applied at all (a repair bundle), or null
 */
public record PrunePlan(List<Step> steps, String notApplied) {
  public PrunePlan {
    steps = List.copyOf(steps);
  }

  public PrunePlan(List<Step> steps) {
    this(steps, null);
  }

  public static PrunePlan none() {
    return new PrunePlan(List.of());
  }

  /** Prune was asked for, but the bundle does not say which tags it keeps, so nothing is pruned. */
  public static PrunePlan notApplied(String reason) {
    return new PrunePlan(List.of(), reason);
  }

  public enum Action {
    /** The manifest is deleted by digest, which removes the tag with it. */
    DELETE,
    /** The tag is already gone; the ledger forgets it. */
    GONE,
    /** Moved outside the tool: left alone, and reported. */
    LEFT_MOVED,
    /** Another tag, a kept index or a kept image uses the same manifest, so it cannot be deleted: kept, reported. */
    KEPT_SHARED
  }

  /**
   * {@code children} are manifests under a deleted index that nothing staying uses: no tag of the
   * repository (the tool's or anyone's), no index that stays and no image the bundle keeps.
   */
  public record Step(String repository, String tag, Digest digest, Action action, String reason, List<Digest> children) {
    public Step {
      children = List.copyOf(children);
    }
  }

  public long count(Action action) {
    return steps.stream().filter(s -> s.action() == action).count();
  }
}
