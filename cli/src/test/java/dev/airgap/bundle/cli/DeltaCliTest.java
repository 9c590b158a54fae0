package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.ReaderLimits;
import dev.airgap.bundle.format.index.BlobEntry;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.BundleIndexJson;
import dev.airgap.bundle.format.receipt.MissingBlobs;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Upgrades by delta: receipts, deltas, missing blobs and repair bundles, between real registries. */
class DeltaCliTest {
  @RegisterExtension static RegistryExtension upstream = RegistryExtension.anonymous();
  @RegisterExtension RegistryExtension target = RegistryExtension.anonymous();

  @TempDir static Path shared;
  @TempDir Path temp;

  private static TestImage app10;
  private static TestImage app11;

  @BeforeAll
  static void seed() throws Exception {
    TestImages gen = TestImages.seeded(1111);
    TestImage base = gen.oci().layers(1).layerSize(600_000).build();
    app10 = gen.oci().sharedLayers(base.layers()).layers(1).layerSize(20_000).build();
    app11 = gen.oci().sharedLayers(base.layers()).layers(1).layerSize(20_000).build();
    push("app:1.0", app10);
    push("app:1.1", app11);
    push("base:1", base);
    Files.writeString(shared.resolve("releases.yaml"), "releases:\n"
        + "  - version: 1.0.0\n    images:\n      app: " + upstream.host() + "/org/app:1.0\n      base: " + upstream.host() + "/org/base:1\n"
        + "  - version: 1.1.0\n    images:\n      app: " + upstream.host() + "/org/app:1.1\n      base: " + upstream.host() + "/org/base:1\n");
    assertEquals(0, CliRun.run("keygen", "--out", shared.resolve("k").toString()).exitCode());
  }

  private static void push(String repoTag, TestImage image) {
    Skopeo.seed(shared, upstream.host() + "/org/" + repoTag, image);
  }

  private UpgradeSite site() {
    return new UpgradeSite(upstream, target, shared, temp);
  }

  private CliRun export(Path out, String... extra) throws Exception {
    return site().export(out, extra);
  }

  private CliRun importBundle(Path file, Path outDir) throws Exception {
    return site().importBundle(file, outDir);
  }

  private static BundleIndex indexOf(Path bundle) throws Exception {
    try (BundleArchive archive = BundleArchive.open(bundle, ReaderLimits.defaults())) {
      return BundleIndexJson.parse(archive.readMember("bundle.json", 1 << 20));
    }
  }

  private RegistryClient targetClient() {
    return site().targetClient();
  }

  @Test
  void deltaFromAReceiptShipsOnlyWhatChanged() throws Exception {
    Path full10 = temp.resolve("1.0.0.tar.zst");
    assertEquals(0, export(full10, "--release", "1.0.0").exitCode());
    Path out = temp.resolve("out");
    CliRun first = importBundle(full10, out);
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(Files.isRegularFile(out.resolve("receipt.json")));

    Path delta = temp.resolve("1.1.0-delta.tar.zst");
    CliRun exported = export(delta, "--release", "1.1.0", "--since", out.resolve("receipt.json").toString());
    assertEquals(0, exported.exitCode(), exported.err());
    Path full11 = temp.resolve("1.1.0.tar.zst");
    assertEquals(0, export(full11, "--release", "1.1.0").exitCode());
    assertTrue(Files.size(delta) * 5 < Files.size(full11), Files.size(delta) + " vs " + Files.size(full11));
    BundleIndex index = indexOf(delta);
    assertTrue(index.base().startsWith("receipt"), index.base());
    assertTrue(index.blobs().stream().anyMatch(b -> b.location() == BlobEntry.Location.target));

    CliRun second = importBundle(delta, out);
    assertEquals(0, second.exitCode(), second.err());
    assertEquals(app11.digest(), targetClient().headManifest("m/org/app", "1.1").orElseThrow().digest().toString());
  }

  @Test
  void aDeltaIntoATargetMissingItsBaseIsRepaired() throws Exception {
    Path full10 = temp.resolve("1.0.0.tar.zst");
    assertEquals(0, export(full10, "--release", "1.0.0").exitCode());
    Path delta = temp.resolve("delta.tar.zst");
    assertEquals(0, export(delta, "--release", "1.1.0", "--since", full10.toString()).exitCode());

    // The target never received 1.0.0: the delta must refuse, push nothing, and say what is missing.
    Path out = temp.resolve("out");
    CliRun refused = importBundle(delta, out);
    assertEquals(1, refused.exitCode(), refused.err());
    assertTrue(refused.err().contains("--repair"), refused.err());
    assertEquals(List.of(), targetClient().listTags("m/org/app"));
    MissingBlobs missing = MissingBlobs.parse(Files.readAllBytes(out.resolve("missing.json")), "missing.json");
    assertTrue(!missing.blobs().isEmpty());

    Path repair = temp.resolve("repair.tar.zst");
    CliRun repaired = export(repair, "--repair", out.resolve("missing.json").toString());
    assertEquals(0, repaired.exitCode(), repaired.err());
    BundleIndex repairIndex = indexOf(repair);
    long carried = repairIndex.blobs().stream().filter(b -> b.location() == BlobEntry.Location.bundle && b.kind() != BlobEntry.Kind.manifest).count();
    assertEquals(missing.blobs().size(), carried);

    assertEquals(0, importBundle(repair, out).exitCode());
    CliRun again = importBundle(delta, out);
    assertEquals(0, again.exitCode(), again.err());
    JsonNode summary = new ObjectMapper().readTree(again.out());
    assertTrue(summary.get("blobsPresent").asInt() >= missing.blobs().size(), "repaired blobs are not sent again: " + again.out());
    assertEquals(app11.digest(), targetClient().headManifest("m/org/app", "1.1").orElseThrow().digest().toString());
  }
}
