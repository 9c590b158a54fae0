package dev.airgap.bundle.importer.flavor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.BundleWriter;
import dev.airgap.bundle.format.archive.ReaderLimits;
import dev.airgap.bundle.format.archive.WriterOptions;
import dev.airgap.bundle.format.index.BlobEntry;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.BundleIndexJson;
import dev.airgap.bundle.format.index.ImageEntry;
import dev.airgap.bundle.format.index.MemberEntry;
import dev.airgap.bundle.format.index.ReleaseEntry;
import dev.airgap.bundle.format.index.Selection;
import dev.airgap.bundle.format.verify.BundleVerifier;
import dev.airgap.bundle.format.verify.VerifiedBundle;
import dev.airgap.bundle.importer.ImportListener;
import dev.airgap.bundle.importer.ImportResult;
import dev.airgap.bundle.importer.Importer;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.registry.config.TargetConfig;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Blob;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole imports through the Quay and Harbor adapters: the admin API is the product fake, the
 * /v2/ traffic goes to the real distribution registry.
 */
class FlavoredImportTest {
  @RegisterExtension RegistryExtension registry = RegistryExtension.anonymous();
  @TempDir Path dir;

  private final TestImage etcd = TestImages.seeded(5).oci().layers(2).build();
  private final TestImage agent = TestImages.seeded(6).docker().sharedLayers(etcd.layers().get(0)).build();

  private Path bundle;

  /** An unsigned bundle with two images from coreos/etcd and coreos/node-agent, written once per test. */
  private Path bundle() throws Exception {
    if (bundle == null) {
      bundle = writeBundle();
    }
    return bundle;
  }

  private Path writeBundle() throws Exception {
    List<MemberEntry> members = new ArrayList<>();
    List<BlobEntry> blobs = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    byte[] layout = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
    byte[] index = "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8);
    members.add(new MemberEntry("oci-layout", Digest.sha256(layout), layout.length));
    members.add(new MemberEntry("index.json", Digest.sha256(index), index.length));
    contents.add(layout);
    contents.add(index);
    List<Blob> all = new ArrayList<>(List.of(etcd.asBlob(), agent.asBlob()));
    for (TestImage image : List.of(etcd, agent)) {
      for (Blob b : image.allBlobs()) {
        if (all.stream().noneMatch(x -> x.digest().equals(b.digest()))) {
          all.add(b);
        }
      }
    }
    for (Blob b : all) {
      Digest d = Digest.parse(b.digest());
      boolean manifest = b.digest().equals(etcd.digest()) || b.digest().equals(agent.digest());
      blobs.add(new BlobEntry(d, b.size(), b.mediaType(), manifest ? BlobEntry.Kind.manifest : BlobEntry.Kind.layer,
          BlobEntry.Location.bundle));
      members.add(new MemberEntry(BundleIndex.blobMember(d), d, b.size()));
      contents.add(b.bytes());
    }
    List<ImageEntry> images = List.of(image("etcd", "coreos/etcd", "v3.1.6", etcd), image("node-agent", "coreos/node-agent", "1.0", agent));
    BundleIndex bundleIndex = new BundleIndex(1, "t", "stable", 1, Instant.now(), null, "test", null,
        new Selection("1.0.0", false, List.of("1.0.0"), List.of()), List.of(new ReleaseEntry("1.0.0", List.of("etcd", "node-agent"))),
        images, blobs, members);
    Path file = dir.resolve("b.tar.zst");
    try (BundleWriter writer = BundleWriter.create(file, WriterOptions.defaults())) {
      writer.addMember("bundle.json", BundleIndexJson.write(bundleIndex));
      for (int i = 0; i < members.size(); i++) {
        writer.addMember(members.get(i).name(), contents.get(i));
      }
      writer.commit();
    }
    return file;
  }

  private static ImageEntry image(String name, String repo, String tag, TestImage image) {
    Digest d = Digest.parse(image.digest());
    return new ImageEntry(name, "upstream.example/" + repo + ":" + tag, repo, tag, d, image.mediaType(), List.of(), List.of(d),
        List.of("1.0.0"), null);
  }

  private ImportResult importInto(TargetConfig target) throws Exception {
    try (BundleArchive archive = BundleArchive.open(bundle(), ReaderLimits.defaults())) {
      VerifiedBundle verified = new BundleVerifier(List.of(), true).verifyIndex(archive);
      RegistryClient client = RegistryClient.builder(target.settings()).build();
      return new Importer(target, client, TestTargets.adapter(target), ImportListener.NONE, 2).run(archive, verified, false);
    }
  }

  private RegistryClient direct() {
    return RegistryClient.builder(RegistrySettings.secure(registry.host()).withPlainHttp(true)).build();
  }

  @Test
  void quayRepositoriesAreCreatedThenFilled() throws Exception {
    try (FakeQuay quay = new FakeQuay("quay-token")) {
      TargetConfig target = new TestTargets(dir).apiToken("quay-token").target("{\"url\": \"" + registry.host() + "/lab\","
          + " \"flavor\": \"quay\", \"plain-http\": true, \"api-url\": \"" + quay.baseUrl() + "\","
          + " \"tokens\": {\"api\": \"api-token\"}, \"quay\": {\"visibility\": \"public\"}}");
      ImportResult result = importInto(target);
      assertEquals(List.of("lab/etcd", "lab/node-agent"), result.plan().repositories());
      assertEquals("public", quay.visibilityOf("lab/etcd"));
      assertEquals("public", quay.visibilityOf("lab/node-agent"));
      assertEquals(etcd.digest(), direct().headManifest("lab/etcd", "v3.1.6").orElseThrow().digest().toString());
      assertEquals(agent.digest(), direct().headManifest("lab/node-agent", "1.0").orElseThrow().digest().toString());

      int calls = quay.requests().size();
      ImportResult again = importInto(target);
      assertTrue(again.plan().isNoop());
      assertEquals(calls, quay.requests().size(), "nothing to push means no repository to create");
    }
  }

  @Test
  void harborProjectIsCreatedOnceForAllRepositories() throws Exception {
    try (FakeHarbor harbor = new FakeHarbor(TestTargets.basic("robot", "pw"), null)) {
      TargetConfig target = new TestTargets(dir).pushAuth(registry.host(), "robot", "pw").target("{\"url\": \""
          + registry.host() + "/mirror\", \"flavor\": \"harbor\", \"plain-http\": true, \"api-url\": \"" + harbor.baseUrl()
          + "\", \"tokens\": {\"push\": \"push.json\"}}");
      importInto(target);
      assertEquals(1, harbor.requests().stream().filter(r -> r.method().equals("POST")).count(), harbor.requests().toString());
      assertEquals(etcd.digest(), direct().headManifest("mirror/coreos/etcd", "v3.1.6").orElseThrow().digest().toString());
    }
  }
}
