package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** keygen → export → verify → inspect through the command line, against the real registry. */
class ExportVerifyCliTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  @TempDir static Path shared;
  @TempDir Path temp;

  private static Path catalog;
  private static Path config;

  @BeforeAll
  static void seed() throws Exception {
    TestImages gen = TestImages.seeded(404);
    TestImage base = gen.oci().layers(1).layerSize(100_000).build();
    TestImage v1 = gen.oci().sharedLayers(base.layers()).layers(1).build();
    TestImage v2 = gen.oci().sharedLayers(base.layers()).layers(1).build();
    push("app:1.0", v1);
    push("app:1.1", v2);
    push("tools:1", base);
    catalog = shared.resolve("releases.yaml");
    Files.writeString(catalog, String.join("\n",
        "releases:",
        "  - version: 1.0.0",
        "    images:",
        "      app: " + registry.host() + "/demo/app:1.0",
        "      tools: " + registry.host() + "/demo/tools:1",
        "  - version: 1.1.0",
        "    images:",
        "      app: " + registry.host() + "/demo/app:1.1",
        "      tools: " + registry.host() + "/demo/tools:1",
        "  - version: 2.0.0",
        "    images:",
        "      tools: " + registry.host() + "/demo/tools:1",
        ""));
    config = shared.resolve("registries.json");
    Files.writeString(config, "{\"registries\":{\"" + registry.host() + "\":{\"plain-http\":true}}}");
  }

  private static void push(String repoTag, TestImage image) {
    Skopeo.seed(shared, registry.host() + "/demo/" + repoTag, image);
  }

  private CliRun export(String... extra) {
    String[] base = {"export", "--release", "1.x", "--catalog", catalog.toString(), "--config", config.toString(),
        "--cache", temp.resolve("cache").toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return CliRun.run(all);
  }

  @Test
  void keygenExportVerifyInspect() throws Exception {
    CliRun keygen = CliRun.run("keygen", "--out", temp.resolve("k").toString());
    assertEquals(0, keygen.exitCode(), keygen.err());
    Path out = temp.resolve("rel.tar.zst");
    CliRun export = export("--output", out.toString(), "--sign-key", temp.resolve("k.key").toString(), "--json");
    assertEquals(0, export.exitCode(), export.err());
    JsonNode summary = new ObjectMapper().readTree(export.out());
    assertEquals(3, summary.get("images").asInt(), export.out()); // app 1.0, app 1.1, tools shared
    assertTrue(summary.get("dedupSavedBytes").asLong() > 0);
    assertTrue(summary.get("signed").asBoolean());

    CliRun verify = CliRun.run("verify", out.toString(), "--trust", temp.resolve("k.pub").toString());
    assertEquals(0, verify.exitCode(), verify.err());
    assertTrue(verify.out().startsWith("OK: bundle "), verify.out());

    CliRun inspect = CliRun.run("inspect", out.toString(), "--trust", temp.resolve("k.pub").toString(), "--json");
    assertEquals(0, inspect.exitCode(), inspect.err());
    JsonNode info = new ObjectMapper().readTree(inspect.out());
    assertEquals("[\"1.0.0\",\"1.1.0\"]", info.get("releases").toString());
    assertTrue(info.get("signature").asText().startsWith("verified"), info.toString());
    assertTrue(info.get("bytesBeforeDedup").asLong() > info.get("bytesAfterDedup").asLong());

    // openssl accepts the signature after a plain tar extraction.
    Path x = Files.createDirectories(temp.resolve("x"));
    sh("tar --zstd -xf '" + out + "' -C '" + x + "'");
    sh("cd '" + x + "' && openssl dgst -sha256 -verify '" + temp.resolve("k.pub") + "' -signature <(base64 -d bundle.json.sig) bundle.json");
  }

  @Test
  void verifyWithTheWrongKeyExits3() throws Exception {
    CliRun.run("keygen", "--out", temp.resolve("a").toString());
    CliRun.run("keygen", "--out", temp.resolve("b").toString());
    Path out = temp.resolve("rel.tar.zst");
    assertEquals(0, export("--output", out.toString(), "--sign-key", temp.resolve("a.key").toString()).exitCode());
    CliRun verify = CliRun.run("verify", out.toString(), "--trust", temp.resolve("b.pub").toString());
    assertEquals(3, verify.exitCode(), verify.err());
    assertTrue(verify.err().contains("signature"), verify.err());
  }

  @Test
  void unsignedNeedsBothSidesToSaySo() {
    Path out = temp.resolve("u.tar.zst");
    CliRun neither = export("--output", out.toString());
    assertEquals(2, neither.exitCode(), "--sign-key or --unsigned is required: " + neither.err());
    CliRun unsigned = export("--output", out.toString(), "--unsigned");
    assertEquals(0, unsigned.exitCode(), unsigned.err());
    assertTrue(unsigned.err().contains("UNSIGNED"), unsigned.err());
    assertEquals(3, CliRun.run("verify", out.toString()).exitCode());
    assertEquals(0, CliRun.run("verify", out.toString(), "--allow-unsigned").exitCode());
  }

  @Test
  void outOfRangeOptionValuesAreUsageErrorsBeforeAnythingIsFetched() {
    CliRun.run("keygen", "--out", temp.resolve("k").toString());
    String key = temp.resolve("k.key").toString();
    Path out = temp.resolve("opts.tar.zst");
    List<List<String>> cases = List.of(
        List.of("--split-size", "20K"),
        List.of("--sequence", "-1"),
        List.of("--concurrency", "0"),
        List.of("--expires", "tomorrow"));
    for (List<String> option : cases) {
      List<String> args = new java.util.ArrayList<>(List.of("--output", out.toString(), "--sign-key", key));
      args.addAll(option);
      CliRun run = export(args.toArray(String[]::new));
      assertEquals(2, run.exitCode(), option + ": " + run.err());
      assertTrue(run.err().startsWith("error: ") && run.err().contains(option.get(0)), option + ": " + run.err());
      assertFalse(run.err().contains("--debug") || run.err().contains("java.") || run.err().contains("Exception"),
          option + ": a sentence, not a stack-trace hint or a Java class: " + run.err());
      assertFalse(Files.exists(temp.resolve("cache")), option + ": nothing is fetched before the options are checked");
      assertFalse(Files.exists(out));
    }
    Path nowhere = temp.resolve("no-such-dir/rel.tar.zst");
    CliRun run = export("--output", nowhere.toString(), "--sign-key", key);
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("error: --output " + nowhere + ": the directory " + nowhere.getParent()
        + " does not exist"), run.err());
    assertFalse(Files.exists(temp.resolve("cache")), "nothing is fetched for a bundle that cannot be written");
  }

  @Test
  void unknownReleaseListsWhatExists() {
    Path out = temp.resolve("none.tar.zst");
    CliRun run = CliRun.run("export", "--release", "9.x", "--catalog", catalog.toString(), "--config", config.toString(),
        "--output", out.toString(), "--unsigned");
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().contains("1.0.0") && run.err().contains("2.0.0"), run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void missingTagExits4AndLeavesNothing() throws Exception {
    Path bad = temp.resolve("bad.yaml");
    Files.writeString(bad, "releases:\n  - version: 1.0.0\n    images:\n      ghost: " + registry.host() + "/demo/ghost:1\n");
    Path out = temp.resolve("ghost.tar.zst");
    CliRun run = CliRun.run("export", "--release", "1.0.0", "--catalog", bad.toString(), "--config", config.toString(),
        "--output", out.toString(), "--unsigned", "--cache", temp.resolve("cache").toString());
    assertEquals(4, run.exitCode(), run.err());
    assertTrue(run.err().contains("demo/ghost"), run.err());
    try (var files = Files.list(temp)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("ghost.tar.zst")), "no bundle, no partial file");
    }
  }

  @Test
  void everyUnresolvableImageIsNamedAtOnceAndNothingIsWritten() throws Exception {
    Path bad = temp.resolve("three-bad.yaml");
    String missingDigest = "sha256:" + "0".repeat(64);
    Files.writeString(bad, String.join("\n",
        "releases:",
        "  - version: 1.0.0",
        "    images:",
        "      app: " + registry.host() + "/demo/app:1.0",
        "      ghost: " + registry.host() + "/demo/ghost:1",
        "      tools: " + registry.host() + "/demo/tools:1",
        "  - version: 1.1.0",
        "    images:",
        "      app: " + registry.host() + "/demo/app:9.9",
        "      pinned: " + registry.host() + "/demo/tools@" + missingDigest,
        ""));
    Path out = temp.resolve("three.tar.zst");
    CliRun run = CliRun.run("export", "--release", "1.x", "--catalog", bad.toString(), "--config", config.toString(),
        "--output", out.toString(), "--unsigned", "--cache", temp.resolve("cache").toString());
    assertEquals(4, run.exitCode(), run.err());
    String err = run.err();
    assertTrue(err.contains("3 images"), err);
    assertTrue(err.contains("ghost (release 1.0.0)") && err.contains("demo/ghost:1"), err);
    assertTrue(err.contains("app (release 1.1.0)") && err.contains("demo/app:9.9"), err);
    assertTrue(err.contains("pinned (release 1.1.0)") && err.contains(missingDigest), err);
    assertFalse(err.contains("tools (release"), "resolvable images are not listed: " + err);
    try (var files = Files.list(temp)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("three.tar.zst")), "no bundle, no partial file");
    }
  }

  private static void sh(String script) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), script + "\n" + output);
  }
}
