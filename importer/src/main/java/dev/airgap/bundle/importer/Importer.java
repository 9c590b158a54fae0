package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.verify.VerifiedBundle;
import dev.airgap.bundle.importer.ImportPlan.BlobAction;
import dev.airgap.bundle.importer.flavor.FlavorAdapter;
import dev.airgap.bundle.registry.Parallel;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The disconnected side: given a bundle whose signature and index were already verified, plan
 * against what the target holds, provision repositories through the flavor adapter, push what is
 * missing straight from the bundle file, and set tags last.
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

  /** Plans, and unless {@code dryRun} executes. Reports are written by the caller from the plan's images. */
  public ImportResult run(BundleArchive archive, VerifiedBundle verified, boolean dryRun) throws IOException {
    long started = System.nanoTime();
    BundleManifests manifests = BundleManifests.read(archive, verified.index());
    try (Parallel pool = new Parallel(concurrency, "bundle-import")) {
      ImportPlan plan = new Planner(target, client, pool).plan(verified.index(), manifests);
      listener.planned(plan);
      long uploaded = 0;
      if (!dryRun && !plan.isNoop()) {
        uploaded = new PlanExecutor(archive, manifests, client, adapter, listener, pool).run(plan);
      }
      long skipped = plan.bytes(BlobAction.SKIP) + plan.bytes(BlobAction.MOUNT);
      return new ImportResult(plan, dryRun, uploaded, skipped, List.of(), List.of(), Duration.ofNanos(System.nanoTime() - started));
    }
  }
}
