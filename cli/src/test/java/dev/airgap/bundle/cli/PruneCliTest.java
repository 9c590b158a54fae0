package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.receipt.MissingBlobs;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import dev.airgap.bundle.testing.images.TestIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code --prune} never deletes what a bundle does not cover or what anything else still uses. */
class PruneCliTest {
  @RegisterExtension static RegistryExtension upstream = RegistryExtension.anonymous();
  @RegisterExtension RegistryExtension target = RegistryExtension.anonymous();

  @TempDir static Path shared;
  @TempDir Path temp;

  private static TestImage amd10;
  private static TestImage arm10;
  private static TestIndex app10;
  private static TestImage base;

  @BeforeAll
  static void seed() throws Exception {
    TestImages gen = TestImages.seeded(4242);
    base = gen.oci().layers(1).layerSize(50_000).build();
    amd10 = gen.oci().sharedLayers(base.layers()).layers(1).platform("linux", "amd64").build();
    arm10 = gen.oci().sharedLayers(base.layers()).layers(1).platform("linux", "arm64").build();
    app10 = TestImages.index(List.of(amd10, arm10)).build();
    TestImage amd11 = gen.oci().sharedLayers(base.layers()).layers(1).platform("linux", "amd64").build();
    TestImage arm11 = gen.oci().sharedLayers(base.layers()).layers(1).platform("linux", "arm64").build();
    TestIndex app11 = TestImages.index(List.of(amd11, arm11)).build();
    Skopeo.seed(shared, upstream.host() + "/org/app:1.0", app10);
    Skopeo.seed(shared, upstream.host() + "/org/app:1.1", app11);
    Skopeo.seed(shared, upstream.host() + "/org/base:1", base);
    Files.writeString(shared.resolve("releases.yaml"), "releases:\n"
        + "  - version: 1.0.0\n    images:\n      app: " + upstream.host() + "/org/app:1.0\n      base: " + upstream.host() + "/org/base:1\n"
        + "  - version: 1.1.0\n    images:\n      app: " + upstream.host() + "/org/app:1.1\n      base: " + upstream.host() + "/org/base:1\n"
        + "  - version: 2.0.0\n    images:\n      app: " + upstream.host() + "/org/app@" + app11.digest() + "\n");
    assertEquals(0, CliRun.run("keygen", "--out", shared.resolve("k").toString()).exitCode());
  }

  private UpgradeSite site() {
    return new UpgradeSite(upstream, target, shared, temp);
  }

  private Path export(String name, String... args) throws Exception {
    Path out = temp.resolve(name);
    CliRun run = site().export(out, args);
    assertEquals(0, run.exitCode(), run.err());
    return out;
  }

  private RegistryClient targetClient() {
    return site().targetClient();
  }

  /** Every file under {@code dir} but the receipt, by relative path. */
  private static Map<String, byte[]> reports(Path dir) throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = dir.relativize(f).toString();
        if (!name.equals("receipt.json")) {
          out.put(name, Files.readAllBytes(f));
        }
      }
    }
    return out;
  }

  @Test
  void aRepairImportWithPruneKeepsEveryTagAndEveryReport() throws Exception {
    Path out = temp.resolve("out");
    CliRun first = site().importBundle(export("1.0.0.tar.zst", "--release", "1.0.0"), out);
    assertEquals(0, first.exitCode(), first.err());

    // A delta whose base the target never received: the import names what is missing.
    Path full11 = export("1.1.0.tar.zst", "--release", "1.1.0");
    Path delta = export("delta.tar.zst", "--release", "1.1.0", "--since", full11.toString());
    Path refusedOut = temp.resolve("refused");
    CliRun refused = site().importBundle(delta, refusedOut);
    assertEquals(1, refused.exitCode(), refused.err());
    Path missing = refusedOut.resolve("missing.json");
    assertFalse(MissingBlobs.parse(Files.readAllBytes(missing), "missing.json").blobs().isEmpty());
    Path repair = export("repair.tar.zst", "--repair", missing.toString());

    Map<String, byte[]> before = reports(out);
    assertTrue(before.containsKey("images.json") && before.containsKey("images.auto.tfvars"), before.keySet().toString());
    CliRun repaired = site().importBundle(repair, out, "--prune");
    assertEquals(0, repaired.exitCode(), repaired.err());

    assertEquals(List.of("1.0"), targetClient().listTags("m/org/app"));
    assertEquals(List.of("1"), targetClient().listTags("m/org/base"));
    Map<String, byte[]> after = reports(out);
    assertEquals(before.keySet(), after.keySet());
    before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " changed"));
    assertTrue(repaired.err().contains("repair"), "the skipped prune is explained: " + repaired.err());

    // The repaired delta now imports.
    CliRun again = site().importBundle(delta, out);
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(targetClient().listTags("m/org/app").contains("1.1"));
  }

  @Test
  void pruneRefusesABundleThatNamesNoTags() throws Exception {
    Path out = temp.resolve("out");
    assertEquals(0, site().importBundle(export("1.0.0.tar.zst", "--release", "1.0.0"), out).exitCode());
    Path pinned = export("2.0.0.tar.zst", "--release", "2.0.0");
    CliRun refused = site().importBundle(pinned, out, "--prune");
    assertNotEquals(0, refused.exitCode(), refused.out());
    assertTrue(refused.err().contains("names no tags"), refused.err());
    assertEquals(List.of("1.0"), targetClient().listTags("m/org/app"));
    assertEquals(List.of("1"), targetClient().listTags("m/org/base"));
  }

  @Test
  void pruneKeepsAChildManifestThatAHandMadeTagUses() throws Exception {
    Path out = temp.resolve("out");
    assertEquals(0, site().importBundle(export("1.0.0.tar.zst", "--release", "1.0.0"), out).exitCode());
    // Somebody tags the amd64 child of the tool's index by hand.
    Skopeo.seed(temp, target.host() + "/m/org/app:1.0-amd64", amd10);

    CliRun pruned = site().importBundle(export("1.1.0.tar.zst", "--release", "1.1.0"), out, "--prune");
    assertEquals(0, pruned.exitCode(), pruned.err());
    List<String> tags = targetClient().listTags("m/org/app").stream().sorted().toList();
    assertEquals(List.of("1.0-amd64", "1.1"), tags);
    byte[] raw = Skopeo.inspectRaw(target.host() + "/m/org/app:1.0-amd64", false);
    assertArrayEquals(amd10.bytes(), raw);
    // What nothing uses any more is still cleaned up.
    assertTrue(targetClient().headManifest("m/org/app", app10.digest()).isEmpty(), "the dropped index is deleted");
    assertTrue(targetClient().headManifest("m/org/app", arm10.digest()).isEmpty(), "its unused child is deleted");
  }
}
