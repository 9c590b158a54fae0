package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.MemberLocation;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.importer.ImportPlan.BlobAction;
import dev.airgap.bundle.importer.ImportPlan.BlobStep;
import dev.airgap.bundle.importer.ImportPlan.ManifestStep;
import dev.airgap.bundle.importer.ImportPlan.TagAction;
import dev.airgap.bundle.importer.ImportPlan.TagStep;
import dev.airgap.bundle.importer.flavor.FlavorAdapter;
import dev.airgap.bundle.registry.Parallel;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Carries out a plan in the order that never exposes incomplete content: repositories, blob
 * uploads (once per registry), mounts into the other repositories, manifests by digest with
 * children before indexes, and tags last, only after everything else succeeded.
 */
final class PlanExecutor {
  private final BundleArchive archive;
  private final BundleManifests manifests;
  private final RegistryClient client;
  private final FlavorAdapter adapter;
  private final ImportListener listener;
  private final Parallel pool;
  private final AtomicLong bytesSent = new AtomicLong();

  PlanExecutor(BundleArchive archive, BundleManifests manifests, RegistryClient client, FlavorAdapter adapter,
      ImportListener listener, Parallel pool) {
    this.archive = archive;
    this.manifests = manifests;
    this.client = client;
    this.adapter = adapter;
    this.listener = listener;
    this.pool = pool;
  }

  /** Runs the plan; returns the blob bytes actually uploaded. */
  long run(ImportPlan plan) throws IOException {
    for (String repo : plan.repositories()) {
      adapter.ensureRepository(repo);
      listener.repositoryReady(repo);
    }
    Map<String, MemberLocation> members = new HashMap<>();
    for (MemberLocation m : archive.members()) {
      members.put(m.name(), m);
    }
    runBlobs(plan, BlobAction.UPLOAD, members);
    runBlobs(plan, BlobAction.MOUNT, members);

    // Image manifests, then indexes one height at a time: every child is in place before the
    // index that names it, at every depth of an index of indexes.
    int highest = plan.manifests().stream().mapToInt(ManifestStep::height).max().orElse(0);
    for (int height = 0; height <= highest; height++) {
      int level = height;
      List<Callable<Void>> tasks = new ArrayList<>();
      for (ManifestStep step : plan.manifests()) {
        if (!step.present() && step.height() == level) {
          tasks.add(() -> {
            client.pushManifest(step.repository(), step.digest().toString(), manifests.get(step.digest()));
            listener.manifestPushed(step.repository(), step.digest());
            return null;
          });
        }
      }
      pool.runAll(tasks);
    }

    List<Callable<Void>> tags = new ArrayList<>();
    for (TagStep step : plan.tags()) {
      if (step.action() != TagAction.KEEP) {
        tags.add(() -> {
          client.pushManifest(step.repository(), step.tag(), manifests.get(step.digest()));
          listener.tagSet(step.repository(), step.tag(), step.digest());
          return null;
        });
      }
    }
    pool.runAll(tags);
    return bytesSent.get();
  }

  private void runBlobs(ImportPlan plan, BlobAction action, Map<String, MemberLocation> members) {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (BlobStep step : plan.blobs()) {
      if (step.action() != action) {
        continue;
      }
      tasks.add(() -> {
        pushBlob(step, members);
        return null;
      });
    }
    pool.runAll(tasks);
  }

  private void pushBlob(BlobStep step, Map<String, MemberLocation> members) {
    Digest digest = step.digest();
    MemberLocation location = members.get(BundleIndex.blobMember(digest));
    MemberSource source = location == null ? null : new MemberSource(archive, location, digest, n -> {
      bytesSent.addAndGet(n);
      listener.blobProgress(digest, n);
    });
    listener.blobStarted(step.repository(), digest, step.size(), step.action() == BlobAction.MOUNT);
    try {
      if (step.action() == BlobAction.MOUNT) {
        client.mountOrPushBlob(step.repository(), digest, step.from(), source != null ? source : unavailable(digest, step.size()));
      } else {
        client.pushBlob(step.repository(), digest, source);
      }
    } catch (RegistryException e) {
      // An upload that failed because the bundle's bytes were wrong is an integrity failure.
      IntegrityException integrity = source == null ? null : source.failure();
      if (integrity != null) {
        throw integrity;
      }
      throw e;
    }
    listener.blobDone(step.repository(), digest);
  }

  /** For a blob expected on the target: a mount must work, since there are no bytes to send. */
  private static dev.airgap.bundle.registry.BodySource unavailable(Digest digest, long size) {
    return new dev.airgap.bundle.registry.BodySource() {
      @Override
      public long length() {
        return size;
      }

      @Override
      public java.io.InputStream openAt(long offset) {
        throw new IntegrityException("blob " + digest + " is not in the bundle and the target could not mount it");
      }
    };
  }
}
