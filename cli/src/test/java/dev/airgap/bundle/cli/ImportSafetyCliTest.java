package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Documents;
import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.MediaTypes;
import dev.airgap.bundle.format.TempFiles;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.BundleWriter;
import dev.airgap.bundle.format.archive.MemberLocation;
import dev.airgap.bundle.format.archive.ReaderLimits;
import dev.airgap.bundle.format.archive.WriterOptions;
import dev.airgap.bundle.format.signing.KeyFiles;
import dev.airgap.bundle.format.verify.BundleVerifier;
import dev.airgap.bundle.format.verify.VerifiedBundle;
import dev.airgap.bundle.importer.ImportListener;
import dev.airgap.bundle.importer.ImportOptions;
import dev.airgap.bundle.importer.Importer;
import dev.airgap.bundle.importer.flavor.FlavorAdapters;
import dev.airgap.bundle.importer.ledger.Ledger;
import dev.airgap.bundle.importer.ledger.LedgerArtifact;
import dev.airgap.bundle.importer.ledger.LedgerJson;
import dev.airgap.bundle.registry.BodySource;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.config.RegistriesConfig;
import dev.airgap.bundle.registry.config.TargetConfig;
import dev.airgap.bundle.testing.FaultProxy;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an import does with the file it verified, with a process killed mid-push, with what a
 * killed run left on disk, with a ledger too large or in the way, and what {@code inspect} shows
 * of a file nobody checked: each through the command path, against real registries.
 */
class ImportSafetyCliTest {
  @RegisterExtension static RegistryExtension upstream = RegistryExtension.anonymous();
  @RegisterExtension RegistryExtension target = RegistryExtension.anonymous();

  @TempDir static Path shared;
  @TempDir Path temp;

  private static TestImage app10;
  private static TestImage app11;

  @BeforeAll
  static void seed() throws Exception {
    TestImages gen = TestImages.seeded(4242);
    TestImage base = gen.oci().layers(1).layerSize(300_000).build();
    app10 = gen.oci().sharedLayers(base.layers()).layers(4).layerSize(500_000).build();
    app11 = gen.oci().sharedLayers(base.layers()).layers(4).layerSize(500_000).build();
    Skopeo.seed(shared, upstream.host() + "/org/app:1.0", app10);
    Skopeo.seed(shared, upstream.host() + "/org/app:1.1", app11);
    Skopeo.seed(shared, upstream.host() + "/org/base:1", base);
    Skopeo.seed(shared, upstream.host() + "/org/bundle-ledger:1", base);
    Files.writeString(shared.resolve("releases.yaml"), "releases:\n"
        + "  - version: 1.0.0\n    images:\n      app: " + upstream.host() + "/org/app:1.0\n      base: " + upstream.host() + "/org/base:1\n"
        + "  - version: 1.1.0\n    images:\n      app: " + upstream.host() + "/org/app:1.1\n      base: " + upstream.host() + "/org/base:1\n"
        + "  - version: 2.0.0\n    images:\n      ledger-like: " + upstream.host() + "/org/bundle-ledger:1\n");
    assertEquals(0, CliRun.run("keygen", "--out", shared.resolve("k").toString()).exitCode());
  }

  private UpgradeSite site() {
    return new UpgradeSite(upstream, target, shared, temp);
  }

  private Path export(String name, String... extra) throws Exception {
    Path out = temp.resolve(name);
    CliRun run = site().export(out, extra);
    assertEquals(0, run.exitCode(), run.err());
    return out;
  }

  // ---- item 17: what was verified is what is pushed ----

  @Test
  void aBundleRenamedOverTheVerifiedFileIsNotWhatIsPushed() throws Exception {
    Path verified = export("a.tar.zst", "--release", "1.0.0");
    Path other = export("b.tar.zst", "--release", "1.1.0");
    importAfterVerification(verified, () -> Files.move(other, verified, StandardCopyOption.REPLACE_EXISTING));
    assertPushedOnly10();
  }

  @Test
  void volumesRenamedOverTheVerifiedVolumesAreNotWhatIsPushed() throws Exception {
    Path verified = export("a.tar.zst", "--release", "1.0.0", "--split-size", "1M");
    Path other = export("b.tar.zst", "--release", "1.1.0", "--split-size", "1M");
    List<Path> volumes;
    try (BundleArchive archive = BundleArchive.open(verified, ReaderLimits.defaults())) {
      volumes = archive.files();
    }
    assertTrue(volumes.size() >= 2, volumes.toString());
    importAfterVerification(verified, () -> {
      for (int i = 0; i < volumes.size(); i++) {
        Path replacement = other.resolveSibling(other.getFileName() + String.format(".%03d", i));
        if (Files.exists(replacement)) {
          Files.move(replacement, volumes.get(i), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    });
    assertPushedOnly10();
  }

  @Test
  void aFileRewrittenInPlaceAfterVerificationFailsTheImportAndSetsNoTag() throws Exception {
    Path verified = export("a.tar.zst", "--release", "1.0.0");
    byte[] other = Files.readAllBytes(export("b.tar.zst", "--release", "1.1.0"));
    // Same inode: the open file now reads the other bundle's bytes.
    assertThrows(IntegrityException.class, () -> importAfterVerification(verified, () -> Files.write(verified, other)));
    assertEquals(List.of(), site().targetClient().listTags("m/org/app"));
    assertEquals(List.of(), site().targetClient().listTags("m/org/base"));
  }

  private interface Replacement {
    void run() throws Exception;
  }

  /** bundle import's own steps, with {@code replace} run between verification and the push. */
  private void importAfterVerification(Path file, Replacement replace) throws Exception {
    TargetConfig lab = RegistriesConfig.locateAndLoad(site().config(), Map.of(), temp, temp).target("lab");
    try (BundleArchive archive = BundleArchive.open(file, ReaderLimits.defaults())) {
      VerifiedBundle verified = new BundleVerifier(List.of(KeyFiles.readPublicKey(shared.resolve("k.pub"))), false)
          .verifyIndex(archive);
      replace.run();
      RegistryClient client = RegistryClient.builder(lab.settings()).credentials(lab.pushCredentials()).build();
      new Importer(lab, client, FlavorAdapters.forTarget(lab), ImportListener.NONE, 2)
          .run(archive, verified, ImportOptions.defaults());
    }
  }

  private void assertPushedOnly10() throws Exception {
    RegistryClient client = site().targetClient();
    assertEquals(List.of("1.0"), client.listTags("m/org/app"));
    assertEquals(app10.digest(), client.headManifest("m/org/app", "1.0").orElseThrow().digest().toString());
    assertTrue(client.headManifest("m/org/app", app11.digest()).isEmpty(), "the replacement's manifest was pushed");
    org.junit.jupiter.api.Assertions.assertArrayEquals(app10.bytes(), Skopeo.inspectRaw("docker://" + target.host() + "/m/org/app:1.0", false));
  }

  // ---- item 18: the importer itself killed mid-push ----

  @Test
  void anImporterKilledMidPushSetsNoTagAndItsRerunResendsNothingThatArrived() throws Exception {
    Path bundle = export("a.tar.zst", "--release", "1.0.0");
    try (FaultProxy proxy = FaultProxy.start(target.host())) {
      Path config = Files.writeString(temp.resolve("proxied.json"),
          "{\"targets\":{\"lab\":{\"url\":\"" + proxy.host() + "/m\",\"plain-http\":true}}}");
      // Every finished blob upload is held for a while: the kill lands between two of them.
      proxy.when("PUT", "/v2/.+/blobs/uploads/.*").delay(700);
      List<String> args = List.of("import", bundle.toString(), "--target", "lab", "--config", config.toString(),
          "--trust", shared.resolve("k.pub").toString(), "--output-dir", temp.resolve("out").toString(),
          "--concurrency", "1");
      Process importer = startBundle(args);
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (uploaded(proxy).isEmpty() && importer.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertTrue(importer.isAlive(), "the import ended before the kill: " + output(importer));
        assertFalse(uploaded(proxy).isEmpty(), "no blob arrived within 60 s");
      } finally {
        importer.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs in it
        importer.waitFor(30, TimeUnit.SECONDS);
      }
      Set<String> arrived = uploaded(proxy);
      // Tags come last: none may exist while blobs were still on their way.
      assertEquals(List.of(), site().targetClient().listTags("m/org/app"));
      assertEquals(List.of(), site().targetClient().listTags("m/org/base"));

      proxy.clear();
      CliRun rerun = CliRun.run(args.toArray(String[]::new));
      assertEquals(0, rerun.exitCode(), rerun.err());
      Set<String> resent = uploaded(proxy);
      Set<String> both = new HashSet<>(arrived);
      both.retainAll(resent);
      assertEquals(Set.of(), both, "blobs that had arrived were uploaded again");
      assertFalse(resent.isEmpty(), "the rerun must upload what had not arrived");
      assertEquals(app10.digest(), site().targetClient().headManifest("m/org/app", "1.0").orElseThrow().digest().toString());
    }
  }

  private static final Pattern UPLOADED_DIGEST = Pattern.compile("[?&]digest=sha256(?:%3A|:)([0-9a-f]{64})");

  /** Digests whose upload the registry completed (201 to the final PUT), as the proxy saw them. */
  private static Set<String> uploaded(FaultProxy proxy) {
    Set<String> digests = new HashSet<>();
    for (FaultProxy.Exchange e : proxy.exchanges()) {
      Matcher m = UPLOADED_DIGEST.matcher(e.target());
      if (e.method().equals("PUT") && e.status() == 201 && m.find()) {
        digests.add(m.group(1));
      }
    }
    return digests;
  }

  private Process startBundle(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(args);
    return new ProcessBuilder(command).directory(temp.toFile()).redirectErrorStream(true)
        .redirectOutput(temp.resolve("importer.log").toFile()).start();
  }

  private String output(Process p) throws Exception {
    return Files.readString(temp.resolve("importer.log"));
  }

  // ---- item 19: output files and leftovers ----

  @Test
  void missingJsonReplacesTheFileAtomicallyInsteadOfWritingThroughIt() throws Exception {
    Path full = export("full.tar.zst", "--release", "1.0.0");
    Path delta = export("delta.tar.zst", "--release", "1.1.0", "--since", full.toString());
    Path out = Files.createDirectories(temp.resolve("out"));
    // An earlier missing.json that is a hard link: writing through it would change the other name.
    Path elsewhere = Files.writeString(temp.resolve("elsewhere.json"), "keep");
    Files.createLink(out.resolve("missing.json"), elsewhere);
    Path stale = Files.writeString(out.resolve(".missing.json.tmp-" + UUID.randomUUID()), "left by a killed run");

    CliRun run = site().importBundle(delta, out);
    assertEquals(1, run.exitCode(), run.err());
    assertEquals("keep", Files.readString(elsewhere));
    JsonNode missing = new ObjectMapper().readTree(out.resolve("missing.json").toFile());
    assertTrue(missing.get("blobs").size() > 0, missing.toString());
    assertFalse(Files.exists(stale), "the killed run's temporary file is still there");
  }

  @Test
  void temporaryFilesOfAKilledRunAreRemovedByTheNextRunButALiveWritersAreKept() throws Exception {
    Path cache = Files.createDirectories(temp.resolve("cache").resolve("sha256"));
    Path staleBlob = Files.writeString(cache.resolve("." + "ab".repeat(32) + ".partial-" + UUID.randomUUID()), "x");
    Path staleVolume = Files.writeString(temp.resolve(".a.tar.zst.partial-0123456789ab"), "x");
    Path staleSplit = Files.writeString(temp.resolve(".a.tar.zst.001.partial-0123456789ab"), "x");
    Path out = Files.createDirectories(temp.resolve("out"));
    Path staleReport = Files.writeString(out.resolve(".images.json.tmp-" + UUID.randomUUID()), "x");
    Path staleReceipt = Files.writeString(out.resolve(".receipt.json.tmp-" + UUID.randomUUID()), "x");
    Path unrelated = Files.writeString(out.resolve(".images.json.tmp-not-ours"), "x");
    Path live = out.resolve(".receipt.json.tmp-" + UUID.randomUUID());

    try (FileChannel writer = TempFiles.createLocked(live)) {
      Path bundle = export("a.tar.zst", "--release", "1.0.0");
      CliRun run = site().importBundle(bundle, out);
      assertEquals(0, run.exitCode(), run.err());
      for (Path stale : List.of(staleBlob, staleVolume, staleSplit, staleReport, staleReceipt)) {
        assertFalse(Files.exists(stale), stale + " is still there");
      }
      assertTrue(Files.exists(live), "a temporary file a live writer holds was removed");
      assertTrue(Files.exists(unrelated), "a file that is not a temporary name was removed");
    }
  }

  @Test
  void anImageBoundForTheLedgerKeyRepositoryIsRefusedBeforeAnyPush() throws Exception {
    Path bundle = export("a.tar.zst", "--release", "1.0.0");
    Path config = Files.writeString(temp.resolve("ledger-key.json"), "{\"targets\":{\"lab\":{\"url\":\"" + target.host()
        + "/m\",\"plain-http\":true,\"ledger\":\"m/org/app\"}}}");
    assertLedgerCollisionRefused(bundle, config, "image app (" + upstream.host() + "/org/app:1.0) would be pushed to m/org/app");
  }

  @Test
  void anImageBoundForTheDefaultLedgerRepositoryIsRefusedBeforeAnyPush() throws Exception {
    Path bundle = export("ledger-named.tar.zst", "--release", "2.0.0");
    Path config = Files.writeString(temp.resolve("flat.json"), "{\"targets\":{\"lab\":{\"url\":\"" + target.host()
        + "/m\",\"plain-http\":true,\"repository\":\"{name}\"}}}");
    assertLedgerCollisionRefused(bundle, config, "would be pushed to m/bundle-ledger");
  }

  private void assertLedgerCollisionRefused(Path bundle, Path config, String expected) throws Exception {
    CliRun run = CliRun.run("import", bundle.toString(), "--target", "lab", "--config", config.toString(),
        "--trust", shared.resolve("k.pub").toString(), "--output-dir", temp.resolve("out").toString());
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().contains(expected), run.err());
    assertTrue(run.err().contains("the repository that holds this target's import ledger"), run.err());
    assertEquals(List.of(), site().targetClient().listTags("m/org/app"));
    assertEquals(List.of(), site().targetClient().listTags("m/bundle-ledger"));
  }

  @Test
  void inspectWithoutTrustEscapesControlCharactersAndSaysTheContentIsUnverified() throws Exception {
    Path bundle = export("a.tar.zst", "--release", "1.0.0");
    Path edited = temp.resolve("edited.tar.zst");
    String hostile = "app\u001b[31mRED\nfake: line\u202e";
    rewriteIndex(bundle, edited, index -> {
      ((ObjectNode) index.get("images").get(0)).put("name", hostile);
      index.put("channel", "ch\u001b]0;title\u0007");
    });

    CliRun run = CliRun.run("inspect", edited.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("UNVERIFIED: "), run.out());
    assertTrue(run.out().contains("app\\u001b[31mRED\\nfake: line\\u202e"), run.out());
    assertTrue(run.out().contains("channel ch\\u001b]0;title\\u0007"), run.out());
    assertFalse(run.out().contains("\u001b") || run.out().contains("\u0007") || run.out().contains("\u202e"), run.out());
    assertTrue(run.out().lines().noneMatch(l -> l.startsWith("fake")), run.out());

    CliRun json = CliRun.run("inspect", edited.toString(), "--json");
    assertEquals(0, json.exitCode(), json.err());
    assertFalse(new ObjectMapper().readTree(json.out()).get("verified").asBoolean(), json.out());
  }

  private interface IndexEdit {
    void apply(ObjectNode index);
  }

  private static void rewriteIndex(Path from, Path to, IndexEdit edit) throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (BundleArchive archive = BundleArchive.open(from, ReaderLimits.defaults());
        BundleWriter writer = BundleWriter.create(to, WriterOptions.defaults())) {
      for (MemberLocation m : archive.members()) {
        byte[] content;
        try (InputStream in = archive.openMember(m)) {
          content = in.readAllBytes();
        }
        if (m.name().equals("bundle.json")) {
          ObjectNode index = (ObjectNode) json.readTree(content);
          edit.apply(index);
          content = json.writeValueAsBytes(index);
        }
        writer.addMember(m.name(), content);
      }
      writer.commit();
    }
  }

  // ---- item 14: the ledger read from the target is capped ----

  @Test
  void aLedgerOfFourMiBPlusOneByteInTheTargetIsRefusedBeforeItIsRead() throws Exception {
    Path bundle = export("a.tar.zst", "--release", "1.0.0");
    byte[] json = LedgerJson.write(Ledger.empty());
    byte[] ledger = Arrays.copyOf(json, Documents.MAX_BYTES + 1);
    Arrays.fill(ledger, json.length, ledger.length, (byte) ' '); // still a valid ledger, just too large
    RegistryClient client = site().targetClient();
    byte[] empty = "{}".getBytes(StandardCharsets.US_ASCII);
    client.pushBlob("m/bundle-ledger", Digest.sha256(empty), BodySource.ofBytes(empty));
    client.pushBlob("m/bundle-ledger", Digest.sha256(ledger), BodySource.ofBytes(ledger));
    String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\""
        + LedgerArtifact.ARTIFACT_TYPE + "\",\"config\":{\"mediaType\":\"" + LedgerArtifact.EMPTY_MEDIA_TYPE
        + "\",\"digest\":\"" + Digest.sha256(empty) + "\",\"size\":2},\"layers\":[{\"mediaType\":\""
        + LedgerArtifact.LAYER_MEDIA_TYPE + "\",\"digest\":\"" + Digest.sha256(ledger) + "\",\"size\":" + ledger.length
        + "}]}";
    client.pushManifest("m/bundle-ledger", LedgerArtifact.TAG,
        Manifest.of(manifest.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_MANIFEST));

    CliRun run = site().importBundle(bundle, temp.resolve("out"));
    assertEquals(3, run.exitCode(), run.err());
    assertTrue(run.err().contains("the ledger " + target.host() + "/m/bundle-ledger:ledger (a ledger of 4194305 bytes)"
        + " is larger than 4 MiB (4194304 bytes)"), run.err());
    assertEquals(List.of(), client.listTags("m/org/app"));
  }
}
