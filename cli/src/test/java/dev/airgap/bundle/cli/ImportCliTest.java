package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.BundleWriter;
import dev.airgap.bundle.format.archive.WriterOptions;
import dev.airgap.bundle.format.archive.MemberLocation;
import dev.airgap.bundle.format.archive.ReaderLimits;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import dev.airgap.bundle.testing.images.TestIndex;
import dev.airgap.bundle.testing.images.TestManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** export → import through the command line, between two real registries. */
class ImportCliTest {
  @RegisterExtension static RegistryExtension upstream = RegistryExtension.anonymous();
  @RegisterExtension RegistryExtension target = RegistryExtension.anonymous();

  @TempDir static Path shared;
  @TempDir Path temp;

  private static Path bundle;
  private static Path catalog;
  private static final Map<String, TestManifest> IMAGES = new java.util.LinkedHashMap<>();

  @BeforeAll
  static void exportOnce() throws Exception {
    TestImages gen = TestImages.seeded(77);
    TestImage base = gen.oci().layers(1).layerSize(150_000).build();
    TestImage etcd = gen.oci().sharedLayers(base.layers()).layers(1).build();
    TestImage agent = gen.docker().layers(2).oddWhitespace().build();
    TestImage arm = gen.oci().platform("linux", "arm64", "v8").sharedLayers(base.layers()).build();
    TestIndex multi = TestImages.index(List.of(etcd, arm)).build();
    IMAGES.put("coreos/etcd:v3.1.6", etcd);
    IMAGES.put("coreos/node-agent:1.0", agent);
    IMAGES.put("prometheus/operator:0.9", multi);
    for (var e : IMAGES.entrySet()) {
      Skopeo.seed(shared, upstream.host() + "/" + e.getKey(), e.getValue());
    }
    catalog = shared.resolve("releases.yaml");
    Files.writeString(catalog, "releases:\n  - version: 1.0.0\n    images:\n"
        + "      etcd: " + upstream.host() + "/coreos/etcd:v3.1.6\n"
        + "      node-agent: " + upstream.host() + "/coreos/node-agent:1.0\n"
        + "      prometheus-operator: " + upstream.host() + "/prometheus/operator:0.9\n");
    Files.writeString(shared.resolve("export.json"), "{\"registries\":{\"" + upstream.host() + "\":{\"plain-http\":true}}}");
    assertEquals(0, CliRun.run("keygen", "--out", shared.resolve("k").toString()).exitCode());
    bundle = shared.resolve("release.tar.zst");
    CliRun export = CliRun.run("export", "--release", "1.x", "--catalog", catalog.toString(), "--config",
        shared.resolve("export.json").toString(), "--output", bundle.toString(), "--sign-key", shared.resolve("k.key").toString(),
        "--cache", shared.resolve("cache").toString());
    assertEquals(0, export.exitCode(), export.err());
  }

  private Path config(String template) throws Exception {
    Path file = temp.resolve("registries.json");
    Files.writeString(file, "{\"targets\":{\"lab\":{\"url\":\"" + target.host() + "/mirror\",\"plain-http\":true"
        + (template == null ? "" : ",\"repository\":\"" + template + "\"") + "}}}");
    return file;
  }

  private CliRun importBundle(Path file, Path config, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("import", file.toString(), "--target", "lab", "--config", config.toString(),
        "--trust", shared.resolve("k.pub").toString(), "--output-dir", temp.resolve("out").toString(), "--json"));
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  private RegistryClient targetClient() {
    return RegistryClient.builder(RegistrySettings.secure(target.host()).withPlainHttp(true)).build();
  }

  @Test
  void aTemplateThatPutsTwoImagesUnderOneTagNamesTheTemplateKeyAndPushesNothing() throws Exception {
    // Two sources whose last path component and tag agree: "{name}" maps both to mirror/etcd:v3.1.6.
    Skopeo.seed(temp, upstream.host() + "/legacy/etcd:v3.1.6", IMAGES.get("coreos/node-agent:1.0"));
    Path list = Files.writeString(temp.resolve("images.txt"),
        "etcd=" + upstream.host() + "/coreos/etcd:v3.1.6\nold-etcd=" + upstream.host() + "/legacy/etcd:v3.1.6\n");
    Path twoEtcds = temp.resolve("two.tar.zst");
    CliRun export = CliRun.run("export", "--images", list.toString(), "--config", shared.resolve("export.json").toString(),
        "--output", twoEtcds.toString(), "--sign-key", shared.resolve("k.key").toString(), "--cache", shared.resolve("cache").toString());
    assertEquals(0, export.exitCode(), export.err());

    CliRun run = importBundle(twoEtcds, config("{name}"));
    assertEquals(1, run.exitCode(), "a config mistake, not a corrupt bundle: " + run.err());
    assertTrue(run.err().contains("targets.lab.repository") && run.err().contains("mirror/etcd:v3.1.6"), run.err());
    assertTrue(run.err().contains("etcd") && run.err().contains("old-etcd"), "both images are named: " + run.err());
    assertFalse(run.err().contains("fetch it again"), run.err());
    assertEquals(List.of(), targetClient().listTags("mirror/etcd"), "nothing was pushed");
    assertEquals(List.of(), targetClient().listTags("mirror/bundle-ledger"), "not even a lease was written");

    // Kept apart, the same image list imports; its images belong to no release, so none is listed.
    CliRun apart = CliRun.run("import", twoEtcds.toString(), "--target", "lab", "--config", config("{path}").toString(),
        "--trust", shared.resolve("k.pub").toString(), "--output-dir", temp.resolve("apart").toString());
    assertEquals(0, apart.exitCode(), apart.err());
    assertTrue(apart.out().contains("\n  old-etcd = " + target.host() + "/mirror/legacy/etcd@"), apart.out());
    assertFalse(apart.out().contains("[]"), apart.out());
  }

  @Test
  void importsEveryImageByteExactAndARerunPushesNothing() throws Exception {
    Path config = config(null);
    CliRun first = importBundle(bundle, config);
    assertEquals(0, first.exitCode(), first.err());
    JsonNode summary = new ObjectMapper().readTree(first.out());
    assertEquals(3, summary.get("images").asInt());
    assertTrue(summary.get("blobsMounted").asInt() > 0 || summary.get("blobsUploaded").asInt() > 0);

    RegistryClient client = targetClient();
    for (var e : IMAGES.entrySet()) {
      String repo = "mirror/" + e.getKey().substring(0, e.getKey().indexOf(':'));
      String tag = e.getKey().substring(e.getKey().indexOf(':') + 1);
      assertEquals(e.getValue().digest(), client.headManifest(repo, tag).orElseThrow().digest().toString(), repo);
      assertArrayEquals(e.getValue().bytes(), Skopeo.inspectRaw("docker://" + target.host() + "/" + repo + ":" + tag, false));
    }
    JsonNode images = new ObjectMapper().readTree(temp.resolve("out/images.json").toFile());
    assertTrue(images.toString().contains(target.host() + "/mirror/coreos/etcd@" + IMAGES.get("coreos/etcd:v3.1.6").digest()),
        images.toString());

    CliRun again = importBundle(bundle, config);
    assertEquals(0, again.exitCode(), again.err());
    JsonNode second = new ObjectMapper().readTree(again.out());
    assertEquals(0, second.get("blobsUploaded").asInt(), again.out());
    assertEquals(0, second.get("blobsMounted").asInt(), again.out());
    assertEquals(0, second.get("manifestsPushed").asInt(), again.out());
    assertEquals(0, second.get("tagsCreated").asInt() + second.get("tagsMoved").asInt(), again.out());
  }

  @Test
  void nameTemplateFlattensRepositories() throws Exception {
    CliRun run = importBundle(bundle, config("{name}"));
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(IMAGES.get("coreos/etcd:v3.1.6").digest(),
        targetClient().headManifest("mirror/etcd", "v3.1.6").orElseThrow().digest().toString());
  }

  @Test
  void dryRunChangesNothing() throws Exception {
    CliRun run = importBundle(bundle, config(null), "--dry-run");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode plan = new ObjectMapper().readTree(run.out());
    assertEquals(3, plan.get("tagsCreated").asInt(), run.out());
    assertEquals(List.of(), targetClient().listTags("mirror/coreos/etcd"));
    assertFalse(Files.exists(temp.resolve("out/images.json")));
  }

  @Test
  void aBadBundleExits3BeforeAnyRequestToTheTarget() throws Exception {
    CliRun.run("keygen", "--out", temp.resolve("other").toString());
    CliRun wrongKey = CliRun.run("import", bundle.toString(), "--target", "lab", "--config", config(null).toString(),
        "--trust", temp.resolve("other.pub").toString());
    assertEquals(3, wrongKey.exitCode(), wrongKey.err());
    assertEquals(List.of(), targetClient().listTags("mirror/coreos/etcd"));
  }

  @Test
  void aTamperedLayerExits3AndNoTagIsSet() throws Exception {
    // Same signed index, but one byte of the largest layer flipped: only streaming verification
    // can notice, while the layer is being pushed.
    Path tampered = temp.resolve("tampered.tar.zst");
    try (BundleArchive archive = BundleArchive.open(bundle, ReaderLimits.defaults());
        BundleWriter writer = BundleWriter.create(tampered, WriterOptions.defaults())) {
      MemberLocation largest = archive.members().stream().max(java.util.Comparator.comparingLong(MemberLocation::size)).orElseThrow();
      for (MemberLocation m : archive.members()) {
        byte[] content;
        try (var in = archive.openMember(m)) {
          content = in.readAllBytes();
        }
        if (m.equals(largest)) {
          content[content.length / 2] ^= 0x01;
        }
        writer.addMember(m.name(), content);
      }
      writer.commit();
    }
    CliRun run = importBundle(tampered, config(null));
    assertEquals(3, run.exitCode(), run.err());
    assertTrue(run.err().contains("digest"), run.err());
    assertEquals(List.of(), targetClient().listTags("mirror/coreos/etcd"));
    assertEquals(List.of(), targetClient().listTags("mirror/prometheus/operator"));
  }

  @Test
  void targetDownExits4() throws Exception {
    Path file = temp.resolve("down.json");
    Files.writeString(file, "{\"targets\":{\"lab\":{\"url\":\"127.0.0.1:9/mirror\",\"plain-http\":true}}}");
    CliRun run = CliRun.run("import", bundle.toString(), "--target", "lab", "--config", file.toString(),
        "--trust", shared.resolve("k.pub").toString());
    assertEquals(4, run.exitCode(), run.err());
  }

  @Test
  void interruptedImportCompletesOnTheNextRun() throws Exception {
    Path config = config(null);
    // Kill the target as soon as the first blob has arrived.
    var listener = new dev.airgap.bundle.importer.ImportListener() {
      @Override
      public void blobDone(String repository, Digest digest) {
        target.kill();
      }
    };
    var registries = dev.airgap.bundle.registry.config.RegistriesConfig.load(config);
    var lab = registries.target("lab");
    try (BundleArchive archive = BundleArchive.open(bundle, ReaderLimits.defaults())) {
      var verified = new dev.airgap.bundle.format.verify.BundleVerifier(
          List.of(dev.airgap.bundle.format.signing.KeyFiles.readPublicKey(shared.resolve("k.pub"))), false).verifyIndex(archive);
      var client = RegistryClient.builder(lab.settings()).retry(dev.airgap.bundle.registry.RetryPolicy.none()).build();
      var importer = new dev.airgap.bundle.importer.Importer(lab, client,
          dev.airgap.bundle.importer.flavor.FlavorAdapters.forTarget(lab), listener, 1);
      try {
        importer.run(archive, verified, false);
        throw new AssertionError("the import should have failed when the target died");
      } catch (RuntimeException expected) {
        // the registry went away mid-import
      }
    }
    target.start();
    assertEquals(List.of(), targetClient().listTags("mirror/coreos/etcd"), "no tag before its content is complete");
    CliRun rerun = importBundle(bundle, config);
    assertEquals(0, rerun.exitCode(), rerun.err());
    JsonNode summary = new ObjectMapper().readTree(rerun.out());
    assertTrue(summary.get("blobsPresent").asInt() >= 1, "what arrived before the kill is not sent again: " + rerun.out());
    assertEquals(IMAGES.get("coreos/etcd:v3.1.6").digest(),
        targetClient().headManifest("mirror/coreos/etcd", "v3.1.6").orElseThrow().digest().toString());
  }
}
