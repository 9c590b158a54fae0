package dev.airgap.bundle.exporter;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.DigestMismatchException;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.ManifestSummary;
import dev.airgap.bundle.format.VerifyingInputStream;
import dev.airgap.bundle.format.archive.BundleWriter;
import dev.airgap.bundle.format.index.BlobEntry;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.BundleIndexJson;
import dev.airgap.bundle.format.index.ImageEntry;
import dev.airgap.bundle.format.index.IndexConsistency;
import dev.airgap.bundle.format.index.MemberEntry;
import dev.airgap.bundle.format.Platform;
import dev.airgap.bundle.format.transfer.BlobSink;
import dev.airgap.bundle.format.transfer.BlobSource;
import dev.airgap.bundle.format.transfer.BundleWriterSink;
import dev.airgap.bundle.format.transfer.Transfer;
import dev.airgap.bundle.registry.Parallel;
import dev.airgap.bundle.registry.RegistryBlobSource;
import dev.airgap.bundle.registry.ConnectionSettingsException;
import dev.airgap.bundle.registry.RegistryException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The connected side: resolve every requested image to digests, fetch each manifest, config and
 * layer once (verified while streaming, written into the bundle in the same pass and through to the
 * cache by digest), and write one signed bundle.
 */
public final class Exporter {
  private final ClientFactory clients;
  private final BlobCache cache;
  private final ExportListener listener;
  private final int concurrency;

  /**
   * @param cacheDir the blob cache, or null to export without one (the disk then holds the bundle
   *     and at most {@link #AHEAD_BYTES} of blobs fetched ahead of the writer)
   */
  public Exporter(ClientFactory clients, Path cacheDir, ExportListener listener, int concurrency) {
    this.clients = clients;
    this.cache = cacheDir == null ? null : new BlobCache(cacheDir);
    this.listener = listener;
    this.concurrency = Math.max(1, concurrency);
  }

  /** How far fetches may run ahead of the writer, in bytes of blobs not yet written. */
  public static final long AHEAD_BYTES = 512L * 1024 * 1024;

  /** The default cache directory for this user. */
  public static Path defaultCacheDir() {
    return BlobCache.defaultRoot(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  public ExportResult export(ExportRequest request) throws IOException {
    long started = System.nanoTime();
    try (Parallel pool = new Parallel(concurrency, "bundle-export")) {
      List<ResolvedImage> images = resolveAll(request, pool);
      Map<Digest, Manifest> manifests = new LinkedHashMap<>();
      Map<Digest, BlobNeed> needs = new LinkedHashMap<>();
      long referenced = collectNeeds(images, manifests, needs);
      return write(request, images, manifests, needs, referenced, started);
    }
  }

  private List<ResolvedImage> resolveAll(ExportRequest request, Parallel pool) {
    Resolver resolver = new Resolver(clients, request.platforms());
    // Every image is resolved before any failure is reported, so one run names them all.
    record Outcome(ResolvedImage resolved, UnresolvedImagesException.Failure failure) {}
    List<Callable<Outcome>> tasks = new ArrayList<>();
    for (RequestedImage image : request.images()) {
      tasks.add(() -> {
        try {
          ResolvedImage resolved = resolver.resolve(image);
          listener.resolved(image, resolved.top().digest());
          return new Outcome(resolved, null);
        } catch (ConnectionSettingsException e) {
          // A registry reached with the wrong settings fails every image alike: say so once, with
          // the key that fixes it, rather than as one more image that could not be resolved.
          throw e;
        } catch (RegistryException e) {
          return new Outcome(null, new UnresolvedImagesException.Failure(image, e));
        }
      });
    }
    List<ResolvedImage> out = new ArrayList<>();
    List<UnresolvedImagesException.Failure> failures = new ArrayList<>();
    for (Outcome o : pool.runAll(tasks)) {
      if (o.resolved() != null) {
        out.add(o.resolved());
      }
      if (o.failure() != null) {
        failures.add(o.failure());
      }
    }
    if (!failures.isEmpty()) {
      throw new UnresolvedImagesException(failures);
    }
    return out;
  }

  /** Gathers manifests and blob needs; returns the bytes all images reference, shared ones counted per image. */
  private static long collectNeeds(
      List<ResolvedImage> images, Map<Digest, Manifest> manifests, Map<Digest, BlobNeed> needs) {
    long referenced = 0;
    for (ResolvedImage image : images) {
      Set<Digest> perImage = new HashSet<>();
      for (Manifest m : image.manifests()) {
        manifests.putIfAbsent(m.digest(), m);
        if (perImage.add(m.digest())) {
          referenced += m.size();
        }
        if (m.isIndex()) {
          continue;
        }
        ManifestSummary summary = m.summary();
        List<Descriptor> blobs = new ArrayList<>();
        if (summary.config() != null) {
          blobs.add(summary.config());
        }
        blobs.addAll(summary.layers());
        for (Descriptor d : blobs) {
          BlobEntry.Kind kind = d == summary.config() ? BlobEntry.Kind.config : BlobEntry.Kind.layer;
          BlobNeed need = new BlobNeed(d.digest(), d.size(), d.mediaType(), kind,
              image.request().ref().registry(), image.request().ref().repository());
          BlobNeed known = needs.putIfAbsent(d.digest(), need);
          if (known != null && known.size() != d.size()) {
            throw new DigestMismatchException("blob " + d.digest() + " is declared with two sizes ("
                + known.size() + " and " + d.size() + " bytes) by the selected images");
          }
          if (perImage.add(d.digest())) {
            referenced += d.size();
          }
        }
      }
    }
    return referenced;
  }

  private ExportResult write(
      ExportRequest request,
      List<ResolvedImage> images,
      Map<Digest, Manifest> manifests,
      Map<Digest, BlobNeed> needs,
      long referenced,
      long started) throws IOException {
    byte[] ociLayout = OciLayoutFiles.ociLayout();
    byte[] ociIndex = OciLayoutFiles.indexJson(images);

    List<BlobEntry> blobs = new ArrayList<>();
    List<MemberEntry> members = new ArrayList<>();
    members.add(new MemberEntry(BundleIndex.OCI_LAYOUT_MEMBER, Digest.sha256(ociLayout), ociLayout.length));
    members.add(new MemberEntry(BundleIndex.OCI_INDEX_MEMBER, Digest.sha256(ociIndex), ociIndex.length));
    long contentBytes = 0;
    for (Manifest m : manifests.values()) {
      blobs.add(new BlobEntry(m.digest(), m.size(), m.mediaType(), BlobEntry.Kind.manifest, BlobEntry.Location.bundle));
      members.add(new MemberEntry(BundleIndex.blobMember(m.digest()), m.digest(), m.size()));
      contentBytes += m.size();
    }
    // Configs before layers, so a reader can plan before it reaches a layer byte.
    List<BlobNeed> ordered = new ArrayList<>();
    needs.values().stream().filter(n -> n.kind() == BlobEntry.Kind.config).forEach(ordered::add);
    needs.values().stream().filter(n -> n.kind() == BlobEntry.Kind.layer).forEach(ordered::add);
    List<BlobNeed> carried = new ArrayList<>();
    for (BlobNeed need : ordered) {
      if (manifests.containsKey(need.digest())) {
        continue; // already carried as a manifest
      }
      if (!request.base().carries(need.digest())) {
        blobs.add(new BlobEntry(need.digest(), need.size(), need.mediaType(), need.kind(), BlobEntry.Location.target));
        continue;
      }
      blobs.add(new BlobEntry(need.digest(), need.size(), need.mediaType(), need.kind(), BlobEntry.Location.bundle));
      members.add(new MemberEntry(BundleIndex.blobMember(need.digest()), need.digest(), need.size()));
      contentBytes += need.size();
      carried.add(need);
    }
    List<MemberEntry> toolMembers = new ArrayList<>();
    if (request.tool() != null) {
      for (ToolTree.ToolFile file : request.tool().files()) {
        toolMembers.add(new MemberEntry(request.tool().memberName(file), sha256Of(file.file()), file.size(), file.executable()));
      }
      members.addAll(toolMembers);
      contentBytes += request.tool().bytes();
    }

    Instant now = Instant.now();
    BundleIndex index = new BundleIndex(
        BundleIndex.FORMAT_VERSION,
        UUID.randomUUID().toString(),
        request.channel(),
        request.sequence(),
        now,
        request.expires(),
        request.toolVersion(),
        request.base().description(),
        request.selection(),
        request.releases(),
        imageEntries(images),
        blobs,
        members);
    IndexConsistency.check(index);
    byte[] rawIndex = BundleIndexJson.write(index);
    byte[] signature = request.signer() == null ? null : request.signer().sign(rawIndex);

    // Which carried blobs the cache holds (verified when read); the rest is fetched, once.
    boolean[] cached = new boolean[carried.size()];
    int cachedCount = 0;
    long cachedBytes = 0;
    long fetchBytes = 0;
    for (int i = 0; i < carried.size(); i++) {
      BlobNeed need = carried.get(i);
      cached[i] = cache != null && cache.find(need.digest(), need.size()).isPresent();
      if (cached[i]) {
        cachedCount++;
        cachedBytes += need.size();
      } else {
        fetchBytes += need.size();
      }
    }
    listener.planned(carried.size() - cachedCount, fetchBytes, cachedCount, cachedBytes);

    List<Path> files;
    try (BundleWriter writer = BundleWriter.create(request.output(), request.writerOptions())) {
      listener.writeStarted(contentBytes);
      writer.addMember(BundleIndex.INDEX_MEMBER, rawIndex);
      if (signature != null) {
        writer.addMember(BundleIndex.SIGNATURE_MEMBER, signature);
      }
      writer.addMember(BundleIndex.OCI_LAYOUT_MEMBER, ociLayout);
      writer.addMember(BundleIndex.OCI_INDEX_MEMBER, ociIndex);
      for (Manifest m : manifests.values()) {
        writer.addMember(BundleIndex.blobMember(m.digest()), m.bytes());
        listener.writeProgress(m.size());
      }
      copyBlobs(writer, carried, cached, request.output());
      for (int i = 0; i < toolMembers.size(); i++) {
        writeTool(writer, request.tool().files().get(i), toolMembers.get(i));
      }
      files = writer.commit();
    }
    if (cache != null) {
      cache.sync(); // one batch for every entry this run added
    }
    long bundleBytes = 0;
    for (Path f : files) {
      bundleBytes += Files.size(f);
    }
    return new ExportResult(files, index.bundleId(), index.images().size(), blobs.size(), contentBytes, referenced,
        fetchBytes, bundleBytes, signature != null, Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * The one copy loop of an export: every carried blob goes from its source (the registry, fetched
   * ahead of the writer and written through to the cache, or the cache) into the bundle, in the
   * order the index lists them.
   */
  private void copyBlobs(BundleWriter writer, List<BlobNeed> carried, boolean[] cached, Path output)
      throws IOException {
    List<Descriptor> order = carried.stream().map(BlobNeed::descriptor).toList();
    Map<Digest, BlobNeed> byDigest = new HashMap<>();
    carried.forEach(n -> byDigest.put(n.digest(), n));
    Function<Descriptor, BlobSource> upstream = blob -> {
      BlobNeed need = byDigest.get(blob.digest());
      return new RegistryBlobSource(clients.clientFor(need.host()), need.repository());
    };
    BlobSink bundle = new BundleWriterSink(writer, listener::writeProgress);
    Path spillDir = output.toAbsolutePath().getParent();
    try (Prefetcher source = new Prefetcher(order, cached, upstream, cache, spillDir, listener, concurrency, AHEAD_BYTES)) {
      source.start();
      for (Descriptor blob : order) {
        Transfer.copy(blob, source, bundle, listener);
      }
    }
  }

  private static Digest sha256Of(Path file) throws IOException {
    java.security.MessageDigest hasher = Digest.newSha256();
    try (InputStream in = new java.security.DigestInputStream(Files.newInputStream(file), hasher)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return Digest.fromHash("sha256", hasher.digest());
  }

  /** Copies one file of the carried release, checking it is still the file hashed into the index. */
  private void writeTool(BundleWriter writer, ToolTree.ToolFile file, MemberEntry member) throws IOException {
    try (InputStream raw = ToolTree.open(file)) {
      VerifyingInputStream in = new VerifyingInputStream(raw, member.digest(), member.size(), "release file " + file.file());
      writer.addMember(member.name(), member.size(), new ProgressStream(in, listener), member.executable());
      in.finish();
    } catch (DigestMismatchException e) {
      throw new ExportException("the release file " + file.file() + " changed while the bundle was written;"
          + " run the export again once the release is complete", e);
    }
  }

  private static List<ImageEntry> imageEntries(List<ResolvedImage> images) {
    List<ImageEntry> entries = new ArrayList<>();
    for (ResolvedImage image : images) {
      RequestedImage r = image.request();
      entries.add(new ImageEntry(
          r.name(),
          r.source(),
          r.ref().repository(),
          r.ref().tag(),
          image.top().digest(),
          image.top().mediaType(),
          image.platforms().stream().map(Platform::toString).distinct().toList(),
          image.manifests().stream().map(Manifest::digest).toList(),
          r.releases(),
          image.upstreamDigest()));
    }
    return entries;
  }

  /** Reports bytes as they pass into the archive. */
  private static final class ProgressStream extends FilterInputStream {
    private final ExportListener listener;

    ProgressStream(InputStream in, ExportListener listener) {
      super(in);
      this.listener = listener;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        listener.writeProgress(n);
      }
      return n;
    }
  }
}
