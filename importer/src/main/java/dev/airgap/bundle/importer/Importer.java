package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.verify.VerifiedBundle;
import dev.airgap.bundle.importer.ImportPlan.BlobAction;
import dev.airgap.bundle.importer.ImportPlan.TagStep;
import dev.airgap.bundle.importer.flavor.FlavorAdapter;
import dev.airgap.bundle.importer.ledger.ConcurrentLedgerException;
import dev.airgap.bundle.importer.ledger.LeaseContendedException;
import dev.airgap.bundle.importer.ledger.LeaseOwner;
import dev.airgap.bundle.importer.ledger.LeaseRecord;
import dev.airgap.bundle.importer.ledger.LeaseStore;
import dev.airgap.bundle.importer.ledger.Ledger;
import dev.airgap.bundle.importer.ledger.LedgerMissingException;
import dev.airgap.bundle.importer.ledger.LedgerStore;
import dev.airgap.bundle.importer.ledger.LedgerTag;
import dev.airgap.bundle.importer.ledger.ReplayCheck;
import dev.airgap.bundle.importer.ledger.TargetLease;
import dev.airgap.bundle.registry.Parallel;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The disconnected side: given a bundle whose signature and index were already verified, check it
 * against the target's ledger (replay, expiry), plan against what the target holds, provision
 * repositories through the flavor adapter, push what is missing straight from the bundle file,
 * set tags last, prune if asked, and record the import in the ledger only once all of it worked.
 * All of it happens under the target's lease, so two importers never interleave.
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
    Planner.refuseBadMappings(target, verified.index());
    LedgerStore ledgerStore = new LedgerStore(client, target.ledgerRepository());
    if (options.dryRun()) {
      return runHolding(null, readLedger(ledgerStore, options), archive, verified, options).result();
    }
    // One importer at a time per target: the lease is taken before the ledger is read. Its
    // repository is created through the admin API only the first time (it has tags afterwards).
    if (client.listTags(target.ledgerRepository()).isEmpty()) {
      adapter.ensureRepository(target.ledgerRepository());
    }
    // The lease is written, then read back after its settle time at the first confirm(), which
    // comes after the read-only planning and before anything is written: the wait overlaps it.
    LeaseStore leases = new LeaseStore(client, target.ledgerRepository());
    java.time.Instant deadline = java.time.Instant.now().plus(options.leaseWait());
    while (true) {
      TargetLease lease = leases.acquireUnsettled(LeaseOwner.ofThisProcess(), LeaseStore.DEFAULT_TTL,
          Duration.between(java.time.Instant.now(), deadline), listener::warning);
      Digest ledgerAfter = null;
      try {
        Optional<LedgerStore.Found> found = readLedger(ledgerStore, options);
        // Even a refused import hands the ledger it saw on to the next lease.
        ledgerAfter = found.map(LedgerStore.Found::manifest).orElse(null);
        Outcome outcome = runHolding(lease, found, archive, verified, options);
        ledgerAfter = outcome.ledger();
        return outcome.result();
      } catch (LeaseContendedException e) {
        // Another importer wrote the lease right after us; nothing was written: wait for it.
        listener.warning(e.getMessage());
      } catch (IOException | RuntimeException e) {
        // A refusal found while planning counts only if the lease was ours all along; otherwise
        // it may describe the other importer's work in progress: wait for it and look again.
        if (lease.settle()) {
          throw e;
        }
        listener.warning("another importer wrote the target's lease right after this one, so this one never held it"
            + " and wrote nothing; it waits for that import and starts over");
      } finally {
        try {
          lease.release(ledgerAfter);
        } catch (RuntimeException e) {
          listener.warning("the target's lease could not be released (" + e.getMessage() + "); it expires by itself"
              + " within " + LeaseStore.DEFAULT_TTL.toMinutes() + " minutes");
        }
      }
    }
  }

  /**
   * HEAD checks carry no body and cost the registry a lookup: they run with more at once than
   * transfers do, so planning many small images is bound by round trips, not by the pool.
   */
  static int headConcurrency(int concurrency) {
    return Math.max(16, 4 * concurrency);
  }

  /** What an import did, and the ledger manifest the target has after it (null when unknown). */
  private record Outcome(ImportResult result, Digest ledger) {}

  private static Optional<LedgerStore.Found> readLedger(LedgerStore store, ImportOptions options) {
    return options.resetLedger() ? Optional.empty() : store.find();
  }

  private Outcome runHolding(TargetLease lease, Optional<LedgerStore.Found> found, BundleArchive archive,
      VerifiedBundle verified, ImportOptions options) throws IOException {
    long started = System.nanoTime();
    BundleIndex index = verified.index();
    Digest indexDigest = Digest.sha256(verified.rawIndex());
    LedgerStore ledgerStore = new LedgerStore(client, target.ledgerRepository());
    Ledger before = ledgerBefore(found, lease, options, ledgerStore);
    if (!index.isRepair()) {
      ReplayCheck.check(before, index, indexDigest, options.now(), options.allowDowngrade(), options.allowExpired());
    }
    BundleManifests manifests = BundleManifests.read(archive, index);
    try (Parallel pool = new Parallel(concurrency, "bundle-import");
        Parallel heads = new Parallel(headConcurrency(concurrency), "bundle-head")) {
      ImportPlan plan = new Planner(target, client, heads).plan(index, manifests);
      List<String> drifted = DriftCheck.drifted(plan, before);
      if (!drifted.isEmpty() && !options.forceRetag()) {
        throw new TagDriftException(drifted);
      }
      Pruner pruner = new Pruner(client);
      PrunePlan prune = prunePlan(pruner, options, before, plan, index);
      listener.planned(plan);
      long uploaded = 0;
      Digest ledgerAfter = found.map(LedgerStore.Found::manifest).orElse(null);
      if (!options.dryRun()) {
        requireUnchanged(lease, ledgerStore, before, options);
        if (!plan.isNoop()) {
          uploaded = new PlanExecutor(archive, manifests, client, adapter, listener, pool).run(plan);
        }
        lease.confirm();
        pruner.execute(prune);
        boolean restored = found.map(LedgerStore.Found::fromBackup).orElse(false) || options.resetLedger();
        boolean alreadyRecorded = plan.isNoop() && prune.steps().isEmpty() && drifted.isEmpty() && !restored
            && before.channel(index.channel()).map(c -> c.indexDigest().equals(indexDigest)).orElse(false);
        if (!index.isRepair() && !alreadyRecorded) {
          Ledger after = before.recordImport(index, indexDigest, tagsNow(plan, index), prunedTags(prune, before), options.now());
          lease.confirm();
          ledgerAfter = options.resetLedger() ? ledgerStore.write(after) : ledgerStore.write(before, after);
        }
      }
      long skipped = plan.bytes(BlobAction.SKIP) + plan.bytes(BlobAction.MOUNT);
      return new Outcome(new ImportResult(index.kind(), plan, prune, drifted, options.dryRun(), uploaded, skipped,
          Duration.ofNanos(System.nanoTime() - started)), ledgerAfter);
    }
  }

  /**
   * The ledger the bundle is checked against. A ledger tag that is gone or behind is replaced by
   * its backup copy; when both are gone although the target's lease remembers a ledger, the
   * import stops: treating the target as new would drop rollback protection.
   */
  private Ledger ledgerBefore(Optional<LedgerStore.Found> found, TargetLease lease, ImportOptions options,
      LedgerStore store) {
    if (options.resetLedger()) {
      listener.warning("--reset-ledger: the ledger in " + store.repository() + " starts over from this bundle;"
          + " older bundles are no longer refused as downgrades of what was imported before");
      return Ledger.empty();
    }
    if (found.isPresent() && found.get().fromBackup()) {
      listener.warning("the ledger tag in " + store.repository() + " is missing or older than its backup copy"
          + " (ledger-backup, " + found.get().manifest() + "); the backup is used and the ledger tag is written"
          + " again by this import");
    }
    // A dry run holds no lease, but reads what the last one remembers all the same.
    Optional<Digest> remembered = found.isPresent() ? Optional.empty() : lease != null ? lease.lastLedger()
        : new LeaseStore(client, store.repository()).current().flatMap(LeaseRecord::ledgerManifest);
    if (remembered.isPresent()) {
      throw new LedgerMissingException("the target's ledger (" + store.repository() + ":ledger) and its backup copy"
          + " are gone, but this target had ledger " + remembered.get() + " when it was last imported into,"
          + " so importing now would reset rollback protection; restore that ledger (tag that manifest as"
          + " :ledger again if the registry still holds it), or pass --reset-ledger to start the ledger over on"
          + " purpose (with --force-retag to move tags the lost ledger recorded)");
    }
    return found.map(LedgerStore.Found::ledger).orElse(Ledger.empty());
  }

  /**
   * After planning and before anything is pushed: the lease is still ours and nobody changed the
   * ledger meanwhile (an importer that does not take leases, or one past the lease's residual
   * window), so nothing is pushed against a stale replay check.
   */
  private static void requireUnchanged(TargetLease lease, LedgerStore store, Ledger before, ImportOptions options) {
    lease.confirm();
    if (options.resetLedger()) {
      return;
    }
    Ledger now = store.read().orElse(Ledger.empty());
    if (!now.equals(before)) {
      throw new ConcurrentLedgerException("the ledger in " + store.repository() + " changed while this import was"
          + " planning (another import finished meanwhile), so nothing was pushed; run the import again, which checks"
          + " the bundle against the new ledger");
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
