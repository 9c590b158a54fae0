package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.MediaTypes;
import dev.airgap.bundle.importer.PrunePlan.Action;
import dev.airgap.bundle.importer.PrunePlan.Step;
import dev.airgap.bundle.importer.ledger.Ledger;
import dev.airgap.bundle.importer.ledger.LedgerTag;
import dev.airgap.bundle.registry.ManifestHead;
import dev.airgap.bundle.registry.RegistryClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plans and carries out {@code --prune}. A tag is removed only when the ledger says this tool
 * created it, the bundle being imported no longer has it, and it still points where the tool
 * put it. The registry removes a tag by deleting its manifest, so a manifest (or an index's child)
 * is deleted only when nothing that stays uses it: no other tag of the repository, made by this
 * tool or by hand, no index such a tag names (at any depth), and no image the bundle keeps.
 */
final class Pruner {
  private final RegistryClient client;

  Pruner(RegistryClient client) {
    this.client = client;
  }

  /**
   * @throws PruneRefusedException when the bundle names no tag at all: then every tag in the
   *     ledger would look dropped, which is never what an operator meant
   */
  PrunePlan plan(Ledger ledger, ImportPlan importing, String bundleId) {
    if (importing.tags().isEmpty()) {
      throw new PruneRefusedException("bundle " + bundleId + " names no tags at all (its images are pinned by"
          + " digest), so --prune would remove every tag this tool created; import it without --prune");
    }
    Set<String> keptTags = new HashSet<>();
    Map<String, Set<Digest>> keptManifests = new HashMap<>();
    importing.tags().forEach(t -> keptTags.add(t.repository() + ":" + t.tag()));
    importing.manifests().forEach(m -> keptManifests.computeIfAbsent(m.repository(), r -> new HashSet<>()).add(m.digest()));

    // First what became of each dropped tag; only those still where the tool put them may go.
    List<Step> steps = new ArrayList<>();
    Map<String, List<LedgerTag>> deletable = new LinkedHashMap<>();
    for (LedgerTag t : ledger.tags()) {
      if (keptTags.contains(t.reference())) {
        continue;
      }
      Optional<ManifestHead> now = client.headManifest(t.repository(), t.tag());
      if (now.isEmpty()) {
        steps.add(new Step(t.repository(), t.tag(), t.digest(), Action.GONE, "already removed", List.of()));
      } else if (!now.get().digest().equals(t.digest())) {
        steps.add(new Step(t.repository(), t.tag(), t.digest(), Action.LEFT_MOVED,
            "moved outside bundle to " + now.get().digest() + "; left alone", List.of()));
      } else {
        deletable.computeIfAbsent(t.repository(), r -> new ArrayList<>()).add(t);
      }
    }
    // Then, per repository, everything that stays and what it uses.
    deletable.forEach((repository, tags) -> {
      Set<String> leaving = new HashSet<>();
      tags.forEach(t -> leaving.add(t.tag()));
      Set<Digest> used = inUse(repository, leaving, keptManifests.getOrDefault(repository, Set.of()));
      for (LedgerTag t : tags) {
        if (used.contains(t.digest())) {
          steps.add(new Step(t.repository(), t.tag(), t.digest(), Action.KEPT_SHARED,
              "another tag, a kept index or a kept image uses the same manifest", List.of()));
        } else {
          List<Digest> children = new ArrayList<>(descendants(repository, t.digest(), null));
          children.removeIf(used::contains);
          steps.add(new Step(t.repository(), t.tag(), t.digest(), Action.DELETE, "created by bundle, no longer released",
              children));
        }
      }
    });
    return new PrunePlan(steps);
  }

  void execute(PrunePlan plan) {
    Set<String> deleted = new HashSet<>();
    for (Step step : plan.steps()) {
      if (step.action() == Action.DELETE) {
        // Two dropped tags on one manifest, or a child under two dropped indexes: delete once.
        List<Digest> all = new ArrayList<>(List.of(step.digest()));
        all.addAll(step.children());
        for (Digest d : all) {
          if (deleted.add(step.repository() + "@" + d)) {
            client.deleteManifest(step.repository(), d);
          }
        }
      }
    }
  }

  /**
   * Every manifest of {@code repository} that something staying uses: the digest of each tag not
   * {@code leaving} (hand-made ones included, listed through the registry's tags API), the
   * manifests the bundle keeps, and every child, at any depth, of an index among them.
   */
  private Set<Digest> inUse(String repository, Set<String> leaving, Set<Digest> kept) {
    Set<Digest> used = new HashSet<>(kept);
    for (String tag : client.listTags(repository)) {
      if (leaving.contains(tag)) {
        continue;
      }
      Optional<ManifestHead> head = client.headManifest(repository, tag);
      if (head.isPresent() && used.add(head.get().digest())) {
        used.addAll(descendants(repository, head.get().digest(), head.get().mediaType()));
      }
    }
    return used;
  }

  /**
   * The manifests under {@code root} when it is an index, children before grandchildren;
   * empty for an image. {@code mediaType} may be null when not known yet.
   */
  private Set<Digest> descendants(String repository, Digest root, String mediaType) {
    Set<Digest> out = new LinkedHashSet<>();
    Deque<Descriptor> queue = new ArrayDeque<>();
    if (mediaType != null && !MediaTypes.isIndex(mediaType)) {
      return out;
    }
    Manifest top = client.pullManifest(repository, root.toString());
    if (!top.isIndex()) {
      return out;
    }
    queue.addAll(top.summary().manifests());
    while (!queue.isEmpty()) {
      Descriptor child = queue.poll();
      if (out.add(child.digest()) && MediaTypes.isIndex(child.mediaType())) {
        client.headManifest(repository, child.digest().toString())
            .ifPresent(h -> queue.addAll(client.pullManifest(repository, child.digest().toString()).summary().manifests()));
      }
    }
    return out;
  }
}
