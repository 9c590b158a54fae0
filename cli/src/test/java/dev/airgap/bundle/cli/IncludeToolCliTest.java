package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** {@code bundle export --include-tool}: the release archive travels as a listed, signed member. */
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

  /** A small stand-in for the release archive: a .tar.gz with bundle-9.9.9/bin/bundle. */
  private Path releaseArchive() throws Exception {
    Path tree = Files.createDirectories(temp.resolve("tree/bundle-9.9.9/bin"));
    Files.writeString(tree.resolve("bundle"), "#!/bin/sh\necho 'bundle 9.9.9'\n");
    tree.resolve("bundle").toFile().setExecutable(true);
    Path archive = temp.resolve("bundle-9.9.9-linux-x64.tar.gz");
    sh("tar -C '" + temp.resolve("tree") + "' -czf '" + archive + "' bundle-9.9.9");
    return archive;
  }

  @Test
  void theReleaseArchiveIsListedSignedVerifiedAndExtractableWithTar() throws Exception {
    Path tool = releaseArchive();
    Path out = temp.resolve("rel.tar.zst");

    CliRun export = export(out, "--include-tool", tool.toString());
    assertEquals(0, export.exitCode(), export.err());

    Path x = Files.createDirectories(temp.resolve("x"));
    sh("cd '" + x + "' && tar --zstd -xf '" + out + "' bundle.json tool/");
    JsonNode members = new ObjectMapper().readTree(x.resolve("bundle.json").toFile()).get("members");
    JsonNode last = members.get(members.size() - 1);
    assertEquals("tool/bundle-9.9.9-linux-x64.tar.gz", last.get("name").asText(), members.toString());
    assertEquals(Digest.sha256(Files.readAllBytes(tool)).toString(), last.get("digest").asText());
    assertArrayEquals(Files.readAllBytes(tool), Files.readAllBytes(x.resolve("tool/bundle-9.9.9-linux-x64.tar.gz")));

    CliRun verify = CliRun.run("verify", out.toString(), "--trust", temp.resolve("k.pub").toString());
    assertEquals(0, verify.exitCode(), verify.err());
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
