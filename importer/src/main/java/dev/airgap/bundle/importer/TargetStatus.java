package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.importer.ledger.Ledger;
import dev.airgap.bundle.importer.ledger.LedgerStore;
import dev.airgap.bundle.importer.ledger.LedgerTag;
import dev.airgap.bundle.registry.ManifestHead;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the target's ledger with the registry: tags this tool set that were deleted or moved
 * behind its back, and repositories that are gone.
 */
public record TargetStatus(String target, Optional<Ledger> ledger, List<Entry> tags, List<String> missingRepositories) {
  public TargetStatus {
    tags = List.copyOf(tags);
    missingRepositories = List.copyOf(missingRepositories);
  }

  public enum State { OK, MISSING, MOVED }

  /** A tag the ledger records, and what the registry says now ({@code current} null when absent). */
  public record Entry(String repository, String tag, Digest recorded, Digest current, State state, String bundleId) {}

  public boolean clean() {
    return tags.stream().allMatch(e -> e.state() == State.OK) && missingRepositories.isEmpty();
  }

  public long count(State state) {
    return tags.stream().filter(e -> e.state() == state).count();
  }

  public static TargetStatus of(TargetConfig target, RegistryClient client) {
    Optional<Ledger> ledger = new LedgerStore(client, target.ledgerRepository()).read();
    List<Entry> entries = new ArrayList<>();
    Map<String, Boolean> repositories = new HashMap<>();
    for (LedgerTag t : ledger.map(Ledger::tags).orElse(List.of())) {
      boolean exists = repositories.computeIfAbsent(t.repository(), r -> !client.listTags(r).isEmpty());
      Optional<ManifestHead> now = exists ? client.headManifest(t.repository(), t.tag()) : Optional.empty();
      Digest current = now.map(ManifestHead::digest).orElse(null);
      State state = current == null ? State.MISSING : current.equals(t.digest()) ? State.OK : State.MOVED;
      entries.add(new Entry(t.repository(), t.tag(), t.digest(), current, state, t.bundleId()));
    }
    List<String> missing = repositories.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).sorted().toList();
    return new TargetStatus(target.name(), ledger, entries, missing);
  }
}
