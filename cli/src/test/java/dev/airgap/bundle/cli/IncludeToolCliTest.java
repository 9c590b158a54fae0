package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code bundle export --include-tool}: the release travels as listed, signed members under tool/. */
class IncludeToolCliTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  @TempDir static Path shared;
  @TempDir Path temp;

  private static Path catalog;
  private static Path config;

  @BeforeAll
  static void seed() throws Exception {
    Skopeo.seed(shared, registry.host() + "/demo/app:1.0", TestImages.seeded(505).oci().layers(1).build());
    catalog = shared.resolve("releases.yaml");
    Files.writeString(catalog, "releases:\n  - version: 1.0.0\n    images:\n      app: " + registry.host() + "/demo/app:1.0\n");
    config = shared.resolve("registries.json");
    Files.writeString(config, "{\"registries\":{\"" + registry.host() + "\":{\"plain-http\":true}}}");
  }

  private CliRun export(Path out, String... extra) {
    CliRun keygen = CliRun.run("keygen", "--out", temp.resolve("k").toString());
    assertEquals(0, keygen.exitCode(), keygen.err());
    String[] base = {"export", "--release", "1.0.0", "--catalog", catalog.toString(), "--config", config.toString(),
        "--cache", temp.resolve("cache").toString(), "--output", out.toString(), "--sign-key", temp.resolve("k.key").toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return CliRun.run(all);
  }

  /** A small stand-in for a release: bundle-9.9.9/bin/bundle (executable) and lib/bundle.jar. */
  private Path releaseTree() throws Exception {
    Path tree = Files.createDirectories(temp.resolve("tree/bundle-9.9.9/bin"));
    Files.writeString(tree.resolve("bundle"), "#!/bin/sh\necho 'bundle 9.9.9'\n");
    tree.resolve("bundle").toFile().setExecutable(true);
    Files.createDirectories(tree.resolveSibling("lib"));
    Files.writeString(tree.resolveSibling("lib/bundle.jar"), "not really a jar");
    // Made by the launcher on its first run at one location; never carried.
    Files.writeString(tree.resolveSibling("lib/bundle.jsa"), "class data");
    return tree.getParent();
  }

  private Path releaseArchive() throws Exception {
    Path tree = releaseTree();
    Path archive = temp.resolve("bundle-9.9.9-linux-x64.tar.gz");
    sh("tar -C '" + tree.getParent() + "' -czf '" + archive + "' bundle-9.9.9");
    return archive;
  }

  /** Extracts tool/ with tar alone, as the far side does, and runs the launcher it gives. */
  private void assertTarGivesARunningLauncher(Path out) throws Exception {
    Path x = Files.createDirectories(temp.resolve("x"));
    sh("cd '" + x + "' && tar --zstd -xf '" + out + "' bundle.json tool/");
    Path launcher = x.resolve("tool/bundle-9.9.9/bin/bundle");
    assertTrue(Files.isExecutable(launcher), "tar gave no executable " + launcher);
    assertFalse(Files.isExecutable(x.resolve("tool/bundle-9.9.9/lib/bundle.jar")), "only executables are 0755");
    assertTrue(Files.notExists(x.resolve("tool/bundle-9.9.9/lib/bundle.jsa")), "the launcher's local state is not carried");
    Process p = new ProcessBuilder(launcher.toString()).redirectErrorStream(true).start();
    assertEquals("bundle 9.9.9", new String(p.getInputStream().readAllBytes()).strip());

    JsonNode members = new ObjectMapper().readTree(x.resolve("bundle.json").toFile()).get("members");
    JsonNode last = members.get(members.size() - 1);
    assertEquals("tool/bundle-9.9.9/lib/bundle.jar", last.get("name").asText(), members.toString());
    JsonNode bin = members.get(members.size() - 2);
    assertEquals("tool/bundle-9.9.9/bin/bundle", bin.get("name").asText(), members.toString());
    assertTrue(bin.get("executable").asBoolean(), bin.toString());
    assertEquals(Digest.sha256(Files.readAllBytes(launcher)).toString(), bin.get("digest").asText());

    CliRun verify = CliRun.run("verify", out.toString(), "--trust", temp.resolve("k.pub").toString());
    assertEquals(0, verify.exitCode(), verify.err());
  }

  @Test
  void theReleaseArchiveTravelsAsATreeThatTarExtractsIntoARunningLauncher() throws Exception {
    Path out = temp.resolve("rel.tar.zst");

    CliRun export = export(out, "--include-tool", releaseArchive().toString());

    assertEquals(0, export.exitCode(), export.err());
    assertTarGivesARunningLauncher(out);
  }

  @Test
  void anUnpackedReleaseDirectoryTravelsTheSameWay() throws Exception {
    Path out = temp.resolve("rel.tar.zst");

    CliRun export = export(out, "--include-tool=" + releaseTree());

    assertEquals(0, export.exitCode(), export.err());
    assertTarGivesARunningLauncher(out);
  }

  @Test
  void aLinkInsideAReleaseDirectoryIsCarriedAsACopyAndOneLeadingOutIsRefused() throws Exception {
    Path tree = releaseTree();
    Files.createSymbolicLink(tree.resolve("lib/NOTICE"), Path.of("bundle.jar"));
    Path out = temp.resolve("rel.tar.zst");

    CliRun export = export(out, "--include-tool=" + tree);

    assertEquals(0, export.exitCode(), export.err());
    Path x = Files.createDirectories(temp.resolve("x"));
    sh("cd '" + x + "' && tar --zstd -xf '" + out + "' tool/");
    Path copy = x.resolve("tool/bundle-9.9.9/lib/NOTICE");
    assertTrue(Files.isRegularFile(copy, java.nio.file.LinkOption.NOFOLLOW_LINKS), "carried as a file");
    assertEquals("not really a jar", Files.readString(copy));

    Files.createSymbolicLink(tree.resolve("lib/escape"), Path.of("/etc/hostname"));
    Files.delete(temp.resolve("k.key")); // export() makes a fresh key pair each time
    Files.delete(temp.resolve("k.pub"));
    CliRun refused = export(temp.resolve("refused.tar.zst"), "--include-tool=" + tree);
    assertEquals(2, refused.exitCode(), refused.err());
    assertTrue(refused.err().contains("lib/escape, a link that leads outside it"), refused.err());
    assertTrue(Files.notExists(temp.resolve("refused.tar.zst")));
  }

  @Test
  void withoutAValueOutsideAReleaseItSaysWhatToPass() {
    CliRun export = export(temp.resolve("rel.tar.zst"), "--include-tool");

    assertEquals(2, export.exitCode(), export.err());
    assertTrue(export.err().contains("does not run from a release"), export.err());
    assertTrue(export.err().contains("--include-tool=dist/bundle-<version>-linux-x64.tar.gz"), export.err());
    assertTrue(Files.notExists(temp.resolve("rel.tar.zst")));
  }

  @Test
  void anArchiveHoldingALinkIsRefusedAndNothingIsWritten() throws Exception {
    Path tree = releaseTree();
    Files.createSymbolicLink(tree.resolve("lib/escape"), Path.of("/etc/passwd"));
    Path archive = temp.resolve("bundle-9.9.9-linux-x64.tar.gz");
    sh("tar -C '" + tree.getParent() + "' -czf '" + archive + "' bundle-9.9.9");

    CliRun export = export(temp.resolve("rel.tar.zst"), "--include-tool", archive.toString());

    assertEquals(2, export.exitCode(), export.err());
    assertTrue(export.err().contains("bundle-9.9.9/lib/escape"), export.err());
    assertTrue(Files.notExists(temp.resolve("rel.tar.zst")));
  }

  @Test
  void aFileThatIsNotAReleaseArchiveIsAUsageErrorNamingTheExpectedName() throws Exception {
    Path notTool = Files.writeString(temp.resolve("tool.zip"), "not a release");

    CliRun export = export(temp.resolve("rel.tar.zst"), "--include-tool", notTool.toString());

    assertEquals(2, export.exitCode(), export.err());
    assertTrue(export.err().contains("bundle-<version>-linux-x64.tar.gz"), export.err());
    assertTrue(Files.notExists(temp.resolve("rel.tar.zst")));
  }

  @Test
  void aMissingReleaseArchiveIsAUsageErrorSayingHowToBuildOne() {
    CliRun export = export(temp.resolve("rel.tar.zst"), "--include-tool", temp.resolve("bundle-1.0.0-linux-x64.tar.gz").toString());

    assertEquals(2, export.exitCode(), export.err());
    assertTrue(export.err().contains("bin/release"), export.err());
  }

  private static void sh(String command) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, command + ":\n" + output);
  }
}
