package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.verify.VerifiedBundle;
import dev.airgap.bundle.importer.ImportPlan.BlobAction;
import dev.airgap.bundle.importer.ImportPlan.TagStep;
import dev.airgap.bundle.importer.flavor.FlavorAdapter;
import dev.airgap.bundle.importer.ledger.Ledger;
import dev.airgap.bundle.importer.ledger.LedgerStore;
import dev.airgap.bundle.importer.ledger.LedgerTag;
import dev.airgap.bundle.importer.ledger.ReplayCheck;
import dev.airgap.bundle.registry.Parallel;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The disconnected side: given a bundle whose signature and index were already verified, check it
 * against the target's ledger (replay, expiry), plan against what the target holds, provision
 * repositories through the flavor adapter, push what is missing straight from the bundle file,
 * set tags last, prune if asked, and record the import in the ledger only once all of it worked.
 */
public final class Importer {
  private final TargetConfig target;
  private final RegistryClient client;
  private final FlavorAdapter adapter;
  private final ImportListener listener;
  private final int concurrency;

  public Importer(TargetConfig target, RegistryClient client, FlavorAdapter adapter, ImportListener listener, int concurrency) {
    this.target = target;
    this.client = client;
    this.adapter = adapter;
    this.listener = listener;
    this.concurrency = Math.max(1, concurrency);
  }

  public ImportResult run(BundleArchive archive, VerifiedBundle verified, boolean dryRun) throws IOException {
    return run(archive, verified, ImportOptions.defaults().withDryRun(dryRun));
  }

  public ImportResult run(BundleArchive archive, VerifiedBundle verified, ImportOptions options) throws IOException {
    long started = System.nanoTime();
    BundleIndex index = verified.index();
    Digest indexDigest = Digest.sha256(verified.rawIndex());
    LedgerStore ledgerStore = new LedgerStore(client, target.ledgerRepository());
    Ledger before = ledgerStore.read().orElse(Ledger.empty());
    if (!index.isRepair()) {
      ReplayCheck.check(before, index, indexDigest, options.now(), options.allowDowngrade(), options.allowExpired());
    }
    BundleManifests manifests = BundleManifests.read(archive, index);
    try (Parallel pool = new Parallel(concurrency, "bundle-import")) {
      ImportPlan plan = new Planner(target, client, pool).plan(index, manifests);
      List<String> drifted = DriftCheck.drifted(plan, before);
      if (!drifted.isEmpty() && !options.forceRetag()) {
        throw new TagDriftException(drifted);
      }
      Pruner pruner = new Pruner(client);
      PrunePlan prune = prunePlan(pruner, options, before, plan, index);
      listener.planned(plan);
      long uploaded = 0;
      if (!options.dryRun()) {
        if (!plan.isNoop()) {
          uploaded = new PlanExecutor(archive, manifests, client, adapter, listener, pool).run(plan);
        }
        pruner.execute(prune);
        boolean alreadyRecorded = plan.isNoop() && prune.steps().isEmpty() && drifted.isEmpty()
            && before.channel(index.channel()).map(c -> c.indexDigest().equals(indexDigest)).orElse(false);
        if (!index.isRepair() && !alreadyRecorded) {
          Ledger after = before.recordImport(index, indexDigest, tagsNow(plan, index), prunedTags(prune, before), options.now());
          adapter.ensureRepository(target.ledgerRepository());
          ledgerStore.write(before, after);
        }
      }
      long skipped = plan.bytes(BlobAction.SKIP) + plan.bytes(BlobAction.MOUNT);
      return new ImportResult(index.kind(), plan, prune, drifted, options.dryRun(), uploaded, skipped,
          Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /**
   * Prune compares the ledger with the tags a bundle keeps, so only a bundle that lists its
   * tags can drive it: a repair lists none and is never pruned against.
   */
  private static PrunePlan prunePlan(Pruner pruner, ImportOptions options, Ledger before, ImportPlan plan,
      BundleIndex index) {
    if (!options.prune()) {
      return PrunePlan.none();
    }
    if (index.kind() == BundleIndex.Kind.REPAIR) {
      return PrunePlan.notApplied("bundle " + index.bundleId() + " is a repair bundle: it only delivers missing blobs"
          + " and names no tags, so nothing was pruned; pass --prune with the next full or delta import instead");
    }
    return pruner.plan(before, plan, index.bundleId());
  }

  private static List<LedgerTag> tagsNow(ImportPlan plan, BundleIndex index) {
    return plan.tags().stream().map((TagStep t) -> new LedgerTag(t.repository(), t.tag(), t.digest(), index.bundleId())).toList();
  }

  /** Tags the ledger forgets: deleted, or already gone. Moved and shared ones stay recorded. */
  private static List<LedgerTag> prunedTags(PrunePlan prune, Ledger before) {
    return prune.steps().stream()
        .filter(s -> s.action() == PrunePlan.Action.DELETE || s.action() == PrunePlan.Action.GONE)
        .flatMap(s -> before.tags().stream().filter(t -> t.repository().equals(s.repository()) && t.tag().equals(s.tag())))
        .toList();
  }
}
