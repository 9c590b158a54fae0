package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.ImageRef;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.index.BlobEntry;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.ImageEntry;
import dev.airgap.bundle.format.receipt.MissingBlobs;
import dev.airgap.bundle.importer.ImportPlan.BlobAction;
import dev.airgap.bundle.importer.ImportPlan.BlobStep;
import dev.airgap.bundle.importer.ImportPlan.ManifestStep;
import dev.airgap.bundle.importer.ImportPlan.TagAction;
import dev.airgap.bundle.importer.ImportPlan.TagStep;
import dev.airgap.bundle.importer.report.ImportedImage;
import dev.airgap.bundle.registry.ImageReferences;
import dev.airgap.bundle.registry.ManifestHead;
import dev.airgap.bundle.registry.Parallel;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.config.ConfigException;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Maps every image to its target repository and asks the target what it already holds (blob and
 * manifest HEADs, current tag digests), so only what is missing is sent.
 */
final class Planner {
  private final TargetConfig target;
  private final RegistryClient client;
  private final Parallel pool;

  Planner(TargetConfig target, RegistryClient client, Parallel pool) {
    this.target = target;
    this.client = client;
    this.pool = pool;
  }

  /**
   * Refuses a target whose repository template cannot hold this bundle: an image bound for the
   * repository of the ledger and lease, or two different images mapped onto one tag. It needs only
   * the config and the signed index, so it runs before the importer writes anything to the target
   * (the lease included).
   */
  static void refuseBadMappings(TargetConfig target, BundleIndex index) {
    Map<String, ImageEntry> taggedBy = new HashMap<>();
    for (ImageEntry image : index.images()) {
      String repo = target.repositoryFor(image.repository(), image.name());
      if (repo.equals(target.ledgerRepository())) {
        throw new ConfigException(null, "targets." + target.name() + ": image " + image.name() + " (" + image.source()
            + ") would be pushed to " + repo + ", the repository that holds this target's import ledger; set the"
            + " target's \"ledger\" key to another repository, or its \"repository\" template so no image lands there");
      }
      if (image.tag() == null) {
        continue;
      }
      ImageEntry first = taggedBy.putIfAbsent(repo + ":" + image.tag(), image);
      if (first != null && !first.digest().equals(image.digest())) {
        // The bundle is fine; the target's template maps two different images onto one tag.
        throw new ConfigException(null, "$." + target.settingNames().configPath() + ".repository: the template \""
            + target.repositoryTemplate() + "\" puts two images under " + repo + ":" + image.tag() + " ("
            + first.name() + " from " + first.source() + " and " + image.name() + " from " + image.source()
            + "); use a template that keeps them apart, such as \"{path}\" or \"{key}\"");
      }
    }
  }

  ImportPlan plan(BundleIndex index, BundleManifests manifests) {
    Map<Digest, BlobEntry> blobs = new HashMap<>();
    index.blobs().forEach(b -> blobs.put(b.digest(), b));

    // Which repository needs which blobs, manifests and tags.
    Map<String, Set<Digest>> blobsByRepo = new LinkedHashMap<>();
    Map<String, Set<Digest>> manifestsByRepo = new LinkedHashMap<>();
    Map<String, Map<String, Digest>> tagsByRepo = new LinkedHashMap<>();
    List<ImportedImage> images = new ArrayList<>();
    for (ImageEntry image : index.images()) {
      String repo = target.repositoryFor(image.repository(), image.name());
      blobsByRepo.computeIfAbsent(repo, r -> new LinkedHashSet<>()).addAll(manifests.blobsOf(image));
      Set<Digest> repoManifests = manifestsByRepo.computeIfAbsent(repo, r -> new LinkedHashSet<>());
      // Children before their index: reverse of the index's top-first order.
      List<Digest> order = new ArrayList<>(image.manifests());
      java.util.Collections.reverse(order);
      repoManifests.addAll(order);
      if (image.tag() != null) {
        // Two images under one tag were refused by refuseBadMappings before anything was written.
        tagsByRepo.computeIfAbsent(repo, r -> new LinkedHashMap<>()).put(image.tag(), image.digest());
      }
      images.add(imported(image, repo));
    }

    if (index.isRepair()) {
      // A repair bundle only delivers the blobs a target lacked; the delta that needed them is
      // imported again afterwards and sets manifests and tags then.
      blobsByRepo.values().forEach(set -> set.removeIf(d -> blobs.get(d).location() != BlobEntry.Location.bundle));
      List<BlobStep> blobSteps = planBlobs(blobsByRepo, blobs, index, manifests);
      return new ImportPlan(target.name(), List.copyOf(blobsByRepo.keySet()), blobSteps, List.of(), List.of(), List.of());
    }
    List<BlobStep> blobSteps = planBlobs(blobsByRepo, blobs, index, manifests);
    List<ManifestStep> manifestSteps = planManifests(manifestsByRepo, manifests);
    List<TagStep> tagSteps = planTags(tagsByRepo);
    return new ImportPlan(target.name(), List.copyOf(blobsByRepo.keySet()), blobSteps, manifestSteps, tagSteps, images);
  }

  private List<BlobStep> planBlobs(
      Map<String, Set<Digest>> blobsByRepo, Map<Digest, BlobEntry> blobs, BundleIndex index, BundleManifests manifests) {
    record Probe(String repo, Digest digest) {}
    List<Probe> probes = new ArrayList<>();
    blobsByRepo.forEach((repo, digests) -> digests.forEach(d -> probes.add(new Probe(repo, d))));
    List<Callable<Boolean>> heads = new ArrayList<>();
    for (Probe p : probes) {
      heads.add(() -> client.blobExists(p.repo(), p.digest()));
    }
    List<Boolean> present = pool.runAll(heads);

    // Per blob: which repositories hold it already, which still need it.
    Map<Digest, List<String>> holders = new LinkedHashMap<>();
    Map<Digest, List<String>> missing = new LinkedHashMap<>();
    for (int i = 0; i < probes.size(); i++) {
      Probe p = probes.get(i);
      (present.get(i) ? holders : missing).computeIfAbsent(p.digest(), d -> new ArrayList<>()).add(p.repo());
    }
    List<BlobStep> steps = new ArrayList<>();
    holders.forEach((digest, repos) -> repos.forEach(r -> steps.add(new BlobStep(r, digest, size(blobs, digest), BlobAction.SKIP, null))));
    List<MissingBlobs.Blob> absent = new ArrayList<>();
    missing.forEach((digest, repos) -> {
      BlobEntry entry = blobs.get(digest);
      List<String> have = holders.getOrDefault(digest, List.of());
      String source;
      int first = 0;
      if (!have.isEmpty()) {
        source = have.get(0); // in the registry already: mount it, bundle or not
      } else if (entry.location() == BlobEntry.Location.bundle) {
        source = repos.get(0);
        steps.add(new BlobStep(source, digest, entry.size(), BlobAction.UPLOAD, null));
        first = 1;
      } else {
        absent.add(new MissingBlobs.Blob(digest, entry.size(), entry.mediaType(), repos));
        return;
      }
      for (String repo : repos.subList(first, repos.size())) {
        steps.add(new BlobStep(repo, digest, entry.size(), BlobAction.MOUNT, source));
      }
    });
    if (!absent.isEmpty()) {
      throw new MissingBlobsException(missingReport(absent, index, manifests));
    }
    return steps;
  }

  private List<ManifestStep> planManifests(Map<String, Set<Digest>> manifestsByRepo, BundleManifests manifests) {
    record Probe(String repo, Manifest manifest) {}
    List<Probe> probes = new ArrayList<>();
    manifestsByRepo.forEach((repo, digests) -> digests.forEach(d -> probes.add(new Probe(repo, manifests.get(d)))));
    List<Callable<Boolean>> heads = new ArrayList<>();
    for (Probe p : probes) {
      heads.add(() -> client.headManifest(p.repo(), p.manifest().digest().toString()).isPresent());
    }
    List<Boolean> present = pool.runAll(heads);
    List<ManifestStep> steps = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      Manifest m = probes.get(i).manifest();
      steps.add(new ManifestStep(probes.get(i).repo(), m.digest(), m.mediaType(), manifests.height(m.digest()), present.get(i)));
    }
    steps.sort(java.util.Comparator.comparingInt(ManifestStep::height)); // children first, at every depth
    return steps;
  }

  private List<TagStep> planTags(Map<String, Map<String, Digest>> tagsByRepo) {
    record Probe(String repo, String tag, Digest digest) {}
    List<Probe> probes = new ArrayList<>();
    tagsByRepo.forEach((repo, tags) -> tags.forEach((tag, digest) -> probes.add(new Probe(repo, tag, digest))));
    List<Callable<Optional<ManifestHead>>> heads = new ArrayList<>();
    for (Probe p : probes) {
      heads.add(() -> client.headManifest(p.repo(), p.tag()));
    }
    List<Optional<ManifestHead>> current = pool.runAll(heads);
    List<TagStep> steps = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      Probe p = probes.get(i);
      Digest now = current.get(i).map(ManifestHead::digest).orElse(null);
      TagAction action = now == null ? TagAction.CREATE : now.equals(p.digest()) ? TagAction.KEEP : TagAction.MOVE;
      steps.add(new TagStep(p.repo(), p.tag(), p.digest(), now, action));
    }
    return steps;
  }

  /** The missing blobs and, pinned by their upstream digest, every image that needs one of them. */
  private MissingBlobs missingReport(List<MissingBlobs.Blob> absent, BundleIndex index, BundleManifests manifests) {
    Set<Digest> wanted = new java.util.HashSet<>();
    absent.forEach(b -> wanted.add(b.digest()));
    List<MissingBlobs.Image> images = new ArrayList<>();
    for (ImageEntry image : index.images()) {
      if (manifests.blobsOf(image).stream().anyMatch(wanted::contains)) {
        // A filtered index exists only in bundles; the repair export fetches by what upstream holds.
        Digest upstream = image.filtered() ? image.upstreamDigest() : image.digest();
        images.add(new MissingBlobs.Image(image.name(), image.source(), upstream, image.releases()));
      }
    }
    return new MissingBlobs(MissingBlobs.VERSION, target.name(), index.bundleId(), absent, images);
  }

  private ImportedImage imported(ImageEntry image, String repo) {
    ImageRef source = ImageReferences.parse(image.source());
    return new ImportedImage(image.name(), source.registry(), image.repository(), image.tag(), image.digest(),
        target.host(), repo, image.platforms(), image.releases(), image.upstreamDigest());
  }

  private static long size(Map<Digest, BlobEntry> blobs, Digest digest) {
    BlobEntry e = blobs.get(digest);
    return e == null ? 0 : e.size();
  }
}
