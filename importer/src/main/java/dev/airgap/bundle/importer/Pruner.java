package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.importer.PrunePlan.Action;
import dev.airgap.bundle.importer.PrunePlan.Step;
import dev.airgap.bundle.importer.ledger.Ledger;
import dev.airgap.bundle.importer.ledger.LedgerTag;
import dev.airgap.bundle.registry.ManifestHead;
import dev.airgap.bundle.registry.RegistryClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans and carries out {@code --prune}. A tag is removed only when the ledger says this tool
 * created it, the bundle being imported no longer has it, and it still points where the tool
 * put it. The registry removes a tag by deleting its manifest, so that happens only when no
 * other tag and no kept image uses the manifest.
 */
final class Pruner {
  private final RegistryClient client;

  Pruner(RegistryClient client) {
    this.client = client;
  }

  PrunePlan plan(Ledger ledger, ImportPlan importing) {
    Set<String> keptTags = new HashSet<>();
    Map<String, Set<Digest>> keptManifests = new HashMap<>();
    importing.tags().forEach(t -> keptTags.add(t.repository() + ":" + t.tag()));
    importing.manifests().forEach(m -> keptManifests.computeIfAbsent(m.repository(), r -> new HashSet<>()).add(m.digest()));

    List<LedgerTag> candidates = ledger.tags().stream().filter(t -> !keptTags.contains(t.repository() + ":" + t.tag())).toList();
    Set<String> pruning = new HashSet<>();
    candidates.forEach(t -> pruning.add(t.repository() + ":" + t.tag()));
    Map<String, Set<Digest>> otherTagDigests = new HashMap<>();
    List<Step> steps = new ArrayList<>();
    for (LedgerTag t : candidates) {
      Optional<ManifestHead> now = client.headManifest(t.repository(), t.tag());
      if (now.isEmpty()) {
        steps.add(new Step(t.repository(), t.tag(), t.digest(), Action.GONE, "already removed", List.of()));
        continue;
      }
      if (!now.get().digest().equals(t.digest())) {
        steps.add(new Step(t.repository(), t.tag(), t.digest(), Action.LEFT_MOVED,
            "moved outside bundle to " + now.get().digest() + "; left alone", List.of()));
        continue;
      }
      Set<Digest> others = otherTagDigests.computeIfAbsent(t.repository(), r -> digestsOfOtherTags(r, pruning));
      Set<Digest> kept = keptManifests.getOrDefault(t.repository(), Set.of());
      if (others.contains(t.digest()) || kept.contains(t.digest())) {
        steps.add(new Step(t.repository(), t.tag(), t.digest(), Action.KEPT_SHARED,
            "another tag or a kept image uses the same manifest", List.of()));
        continue;
      }
      steps.add(new Step(t.repository(), t.tag(), t.digest(), Action.DELETE, "created by bundle, no longer released",
          orphanedChildren(t.repository(), t.digest(), kept)));
    }
    return new PrunePlan(steps);
  }

  void execute(PrunePlan plan) {
    for (Step step : plan.steps()) {
      if (step.action() == Action.DELETE) {
        client.deleteManifest(step.repository(), step.digest());
        for (Digest child : step.children()) {
          client.deleteManifest(step.repository(), child);
        }
      }
    }
  }

  /** Digests that tags not being pruned point at, hand-made ones included. */
  private Set<Digest> digestsOfOtherTags(String repository, Set<String> pruning) {
    Set<Digest> out = new HashSet<>();
    for (String tag : client.listTags(repository)) {
      if (!pruning.contains(repository + ":" + tag)) {
        client.headManifest(repository, tag).ifPresent(h -> out.add(h.digest()));
      }
    }
    return out;
  }

  /** An index's children that no kept image needs: deleting the index would orphan them. */
  private List<Digest> orphanedChildren(String repository, Digest digest, Set<Digest> kept) {
    Manifest m = client.pullManifest(repository, digest.toString());
    if (!m.isIndex()) {
      return List.of();
    }
    List<Digest> out = new ArrayList<>();
    for (Descriptor child : m.summary().manifests()) {
      if (!kept.contains(child.digest())) {
        out.add(child.digest());
      }
    }
    return out;
  }
}
