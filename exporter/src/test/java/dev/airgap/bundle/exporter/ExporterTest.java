package dev.airgap.bundle.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Platform;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.MemberLocation;
import dev.airgap.bundle.format.archive.ReaderLimits;
import dev.airgap.bundle.format.archive.WriterOptions;
import dev.airgap.bundle.format.index.BlobEntry;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.BundleIndexJson;
import dev.airgap.bundle.format.index.ReleaseEntry;
import dev.airgap.bundle.format.index.Selection;
import dev.airgap.bundle.format.signing.KeyFiles;
import dev.airgap.bundle.format.signing.Signatures;
import dev.airgap.bundle.format.verify.BundleVerifier;
import dev.airgap.bundle.format.verify.VerifiedBundle;
import java.security.PrivateKey;
import dev.airgap.bundle.registry.ImageReferences;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Blob;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import dev.airgap.bundle.testing.images.TestIndex;
import dev.airgap.bundle.testing.images.TestManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Export against the real registry, checked with tar, skopeo and our own reader. */
class ExporterTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();
  @RegisterExtension static RegistryExtension locked = RegistryExtension.builder().htpasswd().plainHttp().build();

  @TempDir static Path seedDir;
  @TempDir Path temp;

  private static TestImage base;
  private static TestImage app;
  private static TestImage dockerApp;
  private static TestIndex multi;
  private static TestImage big;

  @BeforeAll
  static void seed() {
    TestImages gen = TestImages.seeded(2026);
    base = gen.oci().layers(2).layerSize(200_000).build();
    app = gen.oci().sharedLayers(base.layers()).layers(1).oddWhitespace().build();
    dockerApp = gen.docker().layers(1).build();
    TestImage arm = gen.oci().platform("linux", "arm64", "v8").sharedLayers(base.layers().get(0)).build();
    multi = TestImages.index(List.of(base, arm)).build();
    seed("org/base:1.0", base);
    seed("org/app:2.0", app);
    seed("org/docker-app:3.0", dockerApp);
    seed("org/multi:4.0", multi);
    big = gen.oci().layers(1).layerSize(3_500_000).build();
    seed("org/big:5.0", big);
  }

  private static void seed(String repoTag, TestManifest m) {
    Skopeo.seed(seedDir, registry.host() + "/" + repoTag, m);
  }

  private static ClientFactory clients() {
    return host -> RegistryClient.builder(RegistrySettings.secure(host).withPlainHttp(true)).build();
  }

  private RequestedImage image(String name, String repoTag) {
    String source = registry.host() + "/" + repoTag;
    return new RequestedImage(name, ImageReferences.parse(source), source, List.of("1.0.0"));
  }

  private ExportRequest request(List<RequestedImage> images, List<Platform> platforms, Path output, long splitSize) {
    return new ExportRequest(images, new Selection("1.0.0", false, List.of("1.0.0"), List.of()),
        List.of(new ReleaseEntry("1.0.0", images.stream().map(RequestedImage::name).distinct().toList())),
        platforms, "stable", 7, null, output, WriterOptions.defaults().withSplitSize(splitSize),
        raw -> "test-signature\n".getBytes(StandardCharsets.UTF_8), "test", null);
  }

  private List<RequestedImage> all() {
    return List.of(image("base", "org/base:1.0"), image("app", "org/app:2.0"),
        image("docker-app", "org/docker-app:3.0"), image("multi", "org/multi:4.0"));
  }

  /** Counts blob downloads so re-runs can be checked. */
  private static final class Counting implements ExportListener {
    final AtomicLong fetched = new AtomicLong();
    final List<Digest> digests = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void fetchStarted(Digest digest, long size) {
      fetched.incrementAndGet();
      digests.add(digest);
    }
  }

  @Test
  void bundleUnpacksWithTarIntoAValidOciLayout() throws Exception {
    Path out = temp.resolve("release.tar.zst");
    ExportResult result = new Exporter(clients(), temp.resolve("cache"), ExportListener.NONE, 4).export(request(all(), List.of(), out, 0));
    assertEquals(List.of(out), result.files());
    assertTrue(result.dedupSavedBytes() > 0, "shared base layers are stored once");

    Path extracted = Files.createDirectories(temp.resolve("x"));
    run("tar", "--zstd", "-xf", out.toString(), "-C", extracted.toString());
    assertTrue(Files.isRegularFile(extracted.resolve("oci-layout")));
    JsonNode index = new ObjectMapper().readTree(extracted.resolve("index.json").toFile());
    assertEquals(4, index.get("manifests").size());
    for (TestManifest m : List.of(base, app, dockerApp, multi)) {
      for (TestManifest each : m.allManifests()) {
        assertArrayEquals(each.bytes(), Files.readAllBytes(blobPath(extracted, each.digest())), each.digest());
      }
      for (Blob b : m.allBlobs()) {
        assertArrayEquals(b.bytes(), Files.readAllBytes(blobPath(extracted, b.digest())));
      }
    }
    try (Stream<Path> files = Files.list(extracted.resolve("blobs/sha256"))) {
      for (Path f : files.toList()) {
        assertEquals("sha256:" + f.getFileName(), Digest.sha256(Files.readAllBytes(f)).toString(), "blob named by its digest");
      }
    }
    // An independent tool reads the layout.
    String ref = registry.host() + "/org/app:2.0";
    assertArrayEquals(app.bytes(), Skopeo.inspectRaw("oci:" + extracted + ":" + ref, false));

    BundleIndex parsed = BundleIndexJson.parse(Files.readAllBytes(extracted.resolve("bundle.json")));
    assertEquals("stable", parsed.channel());
    assertEquals(7, parsed.sequence());
    assertEquals(app.digest(), parsed.images().get(1).digest().toString());
    assertTrue(parsed.blobs().stream().allMatch(b -> b.location() == BlobEntry.Location.bundle));
  }

  @Test
  void membersComeInTheDocumentedOrderAndReadBackByRandomAccess() throws Exception {
    Path out = temp.resolve("order.tar.zst");
    new Exporter(clients(), temp.resolve("cache"), ExportListener.NONE, 2).export(request(all(), List.of(), out, 0));
    try (BundleArchive archive = BundleArchive.open(out, ReaderLimits.defaults())) {
      List<String> names = archive.members().stream().map(MemberLocation::name).toList();
      assertEquals(List.of("bundle.json", "bundle.json.sig", "oci-layout", "index.json"), names.subList(0, 4));
      BundleIndex index = BundleIndexJson.parse(archive.readMember("bundle.json", 1 << 20));
      List<String> expected = index.members().stream().map(m -> m.name()).toList();
      assertEquals(expected, names.subList(2, 2 + expected.size()));
      // Configs come before the first layer.
      int lastConfig = -1;
      int firstLayer = Integer.MAX_VALUE;
      for (BlobEntry b : index.blobs()) {
        int at = names.indexOf(BundleIndex.blobMember(b.digest()));
        if (b.kind() == BlobEntry.Kind.layer) {
          firstLayer = Math.min(firstLayer, at);
        } else {
          lastConfig = Math.max(lastConfig, at);
        }
      }
      assertTrue(lastConfig < firstLayer);
      for (MemberLocation m : archive.members()) {
        if (m.name().startsWith("blobs/")) {
          try (var in = archive.openMember(m)) {
            assertEquals(m.name().substring("blobs/sha256/".length()), Digest.sha256(in.readAllBytes()).hex());
          }
        }
      }
    }
  }

  @Test
  void reRunFetchesOnlyWhatTheCacheLacks() throws Exception {
    Path cacheDir = temp.resolve("cache");
    Counting first = new Counting();
    new Exporter(clients(), cacheDir, first, 4).export(request(all(), List.of(), temp.resolve("a.tar.zst"), 0));
    assertTrue(first.fetched.get() > 3);

    // Simulate an interrupted earlier run: one blob never made it into the cache.
    Digest lost = first.digests.get(0);
    Files.delete(cacheDir.resolve("sha256").resolve(lost.hex()));
    Counting second = new Counting();
    ExportResult again = new Exporter(clients(), cacheDir, second, 4).export(request(all(), List.of(), temp.resolve("b.tar.zst"), 0));
    assertEquals(List.of(lost), second.digests);
    assertTrue(again.fetchedBytes() > 0);
  }

  @Test
  void corruptCacheEntryIsNeverWrittenIntoABundle() throws Exception {
    Path cacheDir = temp.resolve("cache");
    Counting first = new Counting();
    new Exporter(clients(), cacheDir, first, 4).export(request(all(), List.of(), temp.resolve("a.tar.zst"), 0));
    Path entry = cacheDir.resolve("sha256").resolve(first.digests.get(0).hex());
    byte[] bytes = Files.readAllBytes(entry);
    bytes[bytes.length / 2] ^= 1;
    Files.write(entry, bytes);

    Path out = temp.resolve("b.tar.zst");
    var e = assertThrows(ExportException.class,
        () -> new Exporter(clients(), cacheDir, ExportListener.NONE, 4).export(request(all(), List.of(), out, 0)));
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    assertFalse(Files.exists(out));
    assertFalse(Files.exists(entry), "the corrupt entry is evicted");
    assertNoTempFiles();
  }

  @Test
  void platformFilterCarriesOnlyMatchingChildren() throws Exception {
    Path out = temp.resolve("arm.tar.zst");
    new Exporter(clients(), temp.resolve("cache"), ExportListener.NONE, 4)
        .export(request(List.of(image("multi", "org/multi:4.0")), List.of(new Platform("linux", "arm64", null)), out, 0));
    try (BundleArchive archive = BundleArchive.open(out, ReaderLimits.defaults())) {
      BundleIndex index = BundleIndexJson.parse(archive.readMember("bundle.json", 1 << 20));
      assertEquals(1, index.images().size());
      TestManifest arm = multi.children().get(1);
      var image = index.images().get(0);
      assertEquals(multi.digest(), image.upstreamDigest().toString(), "carried as a filtered index of the upstream one");
      assertEquals(List.of(image.digest(), Digest.parse(arm.digest())), image.manifests());
      assertEquals(List.of("linux/arm64/v8"), image.platforms());
      assertTrue(index.blobs().stream().noneMatch(b -> b.digest().toString().equals(multi.digest())),
          "the upstream index itself is not carried");
      assertTrue(index.blobs().stream().noneMatch(b -> b.digest().toString().equals(base.digest())),
          "the left-out platform is not carried");
    }
  }

  @Test
  void missingTagFailsWithoutLeavingAFile() {
    Path out = temp.resolve("missing.tar.zst");
    var e = assertThrows(UnresolvedImagesException.class, () -> new Exporter(clients(), temp.resolve("cache"), ExportListener.NONE, 2)
        .export(request(List.of(image("ghost", "org/ghost:9.9")), List.of(), out, 0)));
    assertEquals(404, e.failures().get(0).reason().status());
    assertFalse(Files.exists(out));
    assertNoTempFiles();
  }

  @Test
  void splitVolumesVerifyAndReadBackAsOneBundle() throws Exception {
    var keys = KeyFiles.generate(temp.resolve("key"));
    PrivateKey key = KeyFiles.readPrivateKey(keys.privateKey());
    Path out = temp.resolve("split.tar.zst");
    List<RequestedImage> images = List.of(image("big", "org/big:5.0"), image("app", "org/app:2.0"));
    ExportRequest plain = request(images, List.of(), out, 1024 * 1024);
    ExportRequest signed = new ExportRequest(plain.images(), plain.selection(), plain.releases(), plain.platforms(),
        plain.channel(), plain.sequence(), null, out, plain.writerOptions(), raw -> Signatures.sign(key, raw), "test", null);
    ExportResult result = new Exporter(clients(), temp.resolve("cache"), ExportListener.NONE, 4).export(signed);
    assertTrue(result.files().size() >= 3, result.files().toString());
    assertEquals(out.resolveSibling("split.tar.zst.000"), result.files().get(0));
    for (Path f : result.files()) {
      assertTrue(Files.size(f) <= 1024 * 1024, f + " exceeds the split size");
    }
    assertFalse(Files.exists(out), "no single file besides the volumes");
    for (Path volume : List.of(result.files().get(0), out)) {
      try (BundleArchive archive = BundleArchive.open(volume, ReaderLimits.defaults())) {
        VerifiedBundle verified = new BundleVerifier(List.of(KeyFiles.readPublicKey(keys.publicKey())), false)
            .verify(archive, 2, n -> {});
        assertEquals(2, verified.index().images().size());
      }
    }
  }

  @Test
  void missingAndDeniedImagesAreAllNamedBeforeAnythingIsFetched() {
    Path out = temp.resolve("several.tar.zst");
    String denied = locked.host() + "/org/app:2.0";
    List<RequestedImage> images = new ArrayList<>(all());
    images.add(image("ghost", "org/ghost:9.9"));
    images.add(new RequestedImage("private", ImageReferences.parse(denied), denied, List.of("1.0.0")));
    Counting listener = new Counting();
    var e = assertThrows(UnresolvedImagesException.class,
        () -> new Exporter(clients(), temp.resolve("cache"), listener, 2).export(request(images, List.of(), out, 0)));
    assertEquals(List.of("ghost", "private"), e.failures().stream().map(f -> f.image().name()).toList());
    assertEquals(404, e.failures().get(0).reason().status());
    assertEquals(401, e.failures().get(1).reason().status());
    assertTrue(e.getMessage().contains("private (release 1.0.0): ") && e.getMessage().contains(denied), e.getMessage());
    assertEquals(0, listener.fetched.get(), "nothing fetched before every image resolved");
    assertFalse(Files.exists(out));
    assertNoTempFiles();
  }

  @Test
  void gzipLayersAreStoredAsRawFramesAndTheRestCompressed() throws Exception {
    Path out = temp.resolve("stored.tar.zst");
    new Exporter(clients(), temp.resolve("cache"), ExportListener.NONE, 3).export(unsigned(request(all(), List.of(), out, 0)));
    byte[] file = Files.readAllBytes(out);
    List<long[]> frames = zstdFrames(file); // {uncompressed start, uncompressed size, 1 if every block raw}
    try (BundleArchive archive = BundleArchive.open(out, ReaderLimits.defaults())) {
      BundleIndex index = BundleIndexJson.parse(archive.readMember("bundle.json", 1 << 20));
      int stored = 0;
      for (MemberLocation m : archive.members()) {
        BlobEntry blob = index.blobs().stream()
            .filter(b -> BundleIndex.blobMember(b.digest()).equals(m.name())).findFirst().orElse(null);
        boolean gzip = blob != null && blob.kind() == BlobEntry.Kind.layer && blob.mediaType().endsWith("gzip");
        for (long[] f : frames) {
          if (f[0] >= m.headerOffset() && f[0] < m.dataOffset() + m.size()) {
            assertEquals(gzip ? 1 : 0, f[2], m.name() + " (" + (blob == null ? "metadata" : blob.mediaType()) + ")");
          }
        }
        stored += gzip ? 1 : 0;
      }
      assertTrue(stored >= 4, "the gzip layers of the test images: " + stored);
    }
    run("zstd", "-q", "-t", out.toString());
    Path extracted = Files.createDirectories(temp.resolve("x"));
    run("tar", "--zstd", "-xf", out.toString(), "-C", extracted.toString());
    try (BundleArchive archive = BundleArchive.open(out, ReaderLimits.defaults())) {
      new BundleVerifier(List.of(), true).verify(archive, 2, n -> {});
    }
  }

  @Test
  void withoutACacheNothingIsLeftBesideTheBundle() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("out"));
    Path out = dir.resolve("nocache.tar.zst");
    Counting listener = new Counting();
    ExportResult result = new Exporter(clients(), null, listener, 1)
        .export(unsigned(request(List.of(image("big", "org/big:5.0"), image("app", "org/app:2.0")), List.of(), out, 0)));
    assertEquals(List.of(out), result.files());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList(), "no cache, no spill file left");
    }
    assertEquals(listener.digests.size(), new java.util.HashSet<>(listener.digests).size(), "each blob fetched once");
    try (BundleArchive archive = BundleArchive.open(out, ReaderLimits.defaults())) {
      new BundleVerifier(List.of(), true).verify(archive, 2, n -> {});
    }
    // The next run without a cache fetches everything again.
    Counting again = new Counting();
    new Exporter(clients(), null, again, 4)
        .export(request(List.of(image("big", "org/big:5.0"), image("app", "org/app:2.0")), List.of(), out, 0));
    assertEquals(listener.fetched.get(), again.fetched.get());
  }

  private static ExportRequest unsigned(ExportRequest r) {
    return new ExportRequest(r.images(), r.selection(), r.releases(), r.platforms(), r.channel(), r.sequence(),
        r.expires(), r.output(), r.writerOptions(), null, r.toolVersion(), r.base());
  }

  /** Walks the zstd frames of a bundle file: {uncompressed start, uncompressed size, 1 if all blocks raw}. */
  private static List<long[]> zstdFrames(byte[] f) {
    List<long[]> frames = new ArrayList<>();
    int at = 0;
    long uncompressed = 0;
    while (at < f.length) {
      int magic = (f[at] & 0xff) | (f[at + 1] & 0xff) << 8 | (f[at + 2] & 0xff) << 16 | (f[at + 3] & 0xff) << 24;
      if ((magic & 0xFFFFFFF0) == 0x184D2A50) {
        break; // the seek table
      }
      assertEquals(0xFD2FB528, magic, "a zstd frame at " + at);
      int fhd = f[at + 4] & 0xff;
      boolean single = (fhd & 0x20) != 0;
      boolean checksum = (fhd & 0x04) != 0;
      int dictBytes = new int[] {0, 1, 2, 4}[fhd & 3];
      int fcsFlag = fhd >>> 6;
      int fcsBytes = fcsFlag == 0 ? (single ? 1 : 0) : new int[] {0, 2, 4, 8}[fcsFlag];
      int p = at + 5 + (single ? 0 : 1) + dictBytes;
      long size = 0;
      for (int i = 0; i < fcsBytes; i++) {
        size |= (long) (f[p + i] & 0xff) << (8 * i);
      }
      if (fcsBytes == 2) {
        size += 256;
      }
      assertTrue(fcsBytes > 0, "every frame declares its content size");
      p += fcsBytes;
      boolean allRaw = true;
      boolean last = false;
      while (!last) {
        int header = (f[p] & 0xff) | (f[p + 1] & 0xff) << 8 | (f[p + 2] & 0xff) << 16;
        last = (header & 1) != 0;
        int type = (header >>> 1) & 3;
        int blockSize = header >>> 3;
        allRaw &= type == 0;
        p += 3 + (type == 1 ? 1 : blockSize);
      }
      p += checksum ? 4 : 0;
      frames.add(new long[] {uncompressed, size, allRaw ? 1 : 0});
      uncompressed += size;
      at = p;
    }
    return frames;
  }

  private void assertNoTempFiles() {
    try (Stream<Path> files = Files.list(temp)) {
      List<String> left = files.map(p -> p.getFileName().toString()).filter(n -> n.contains("partial")).toList();
      assertEquals(List.of(), left);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Path blobPath(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
    assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + output);
  }

}
