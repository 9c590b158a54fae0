package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Documents;
import dev.airgap.bundle.format.MediaTypes;
import dev.airgap.bundle.format.archive.BundleWriter;
import dev.airgap.bundle.format.archive.HostileBundles;
import dev.airgap.bundle.format.archive.WriterOptions;
import dev.airgap.bundle.testing.FaultProxy;
import dev.airgap.bundle.testing.RegistryExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and oversized input through the commands a user runs: {@code bundle verify}, {@code
 * bundle import} into a real registry, {@code bundle export --since / --repair}. Each is refused
 * with exit 3 (or 1 for local files) and a sentence, and nothing reaches the target.
 */
class HostileInputCliTest {
  @RegisterExtension static RegistryExtension target = RegistryExtension.anonymous();

  @TempDir Path temp;

  static List<HostileBundles.Case> hostileBundles() throws IOException {
    return HostileBundles.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileBundles")
  void verifyAndImportRefuseAHostileBundleAndPushNothing(HostileBundles.Case hostile) throws Exception {
    Path file = Files.write(temp.resolve("hostile.tar.zst"), hostile.bytes());
    assertRefusedEverywhere(file, hostile.expected());
  }

  @Test
  void aBundleJsonOneByteOverItsCapIsRefusedBeforeItIsRead() throws Exception {
    Path file = temp.resolve("big-index.tar.zst");
    try (BundleWriter writer = BundleWriter.create(file, WriterOptions.defaults())) {
      writer.addMember("bundle.json", spaces("{}", dev.airgap.bundle.format.index.BundleIndexJson.MAX_BYTES + 1));
      writer.addMember("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      writer.commit();
    }
    assertRefusedEverywhere(file, "member 'bundle.json' of " + file + " (67108865 bytes) is larger than 64 MiB (67108864 bytes)");
  }

  @Test
  void exportSinceAReceiptOfFourMiBPlusOneByteIsRefused() throws Exception {
    Path receipt = Files.write(temp.resolve("receipt.json"),
        spaces("{\"version\":1,\"target\":\"lab\",\"bundles\":[],\"blobs\":[],\"manifests\":[]}", Documents.MAX_BYTES + 1));
    Path catalog = Files.writeString(temp.resolve("releases.yaml"),
        "releases:\n  - version: 1.0.0\n    images:\n      app: 127.0.0.1:9/org/app:1.0\n");
    CliRun run = CliRun.run("export", "--release", "1.x", "--catalog", catalog.toString(), "--config", exportConfig().toString(),
        "--since", receipt.toString(), "--output", temp.resolve("out.tar.zst").toString(), "--unsigned",
        "--cache", temp.resolve("cache").toString());
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().contains("base " + receipt + " is larger than 4 MiB (4194304 bytes)"), run.err());
    assertFalse(Files.exists(temp.resolve("out.tar.zst")));
  }

  @Test
  void exportRepairOfAMissingJsonOfFourMiBPlusOneByteIsRefused() throws Exception {
    Path missing = Files.write(temp.resolve("missing.json"),
        spaces("{\"version\":1,\"target\":\"lab\",\"bundleId\":\"b\",\"blobs\":[],\"images\":[]}", Documents.MAX_BYTES + 1));
    CliRun run = CliRun.run("export", "--repair", missing.toString(), "--config", exportConfig().toString(),
        "--output", temp.resolve("repair.tar.zst").toString(), "--unsigned", "--cache", temp.resolve("cache").toString());
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().contains(missing + " is larger than 4 MiB (4194304 bytes)"), run.err());
    assertFalse(Files.exists(temp.resolve("repair.tar.zst")));
  }

  @Test
  void exportOfAManifestOfFourMiBPlusOneByteIsRefused() throws Exception {
    try (FaultProxy upstream = FaultProxy.start(target.host())) {
      String manifest = new String(spaces("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
          + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
          + "0".repeat(64) + "\",\"size\":2},\"layers\":[]}", Documents.MAX_BYTES + 1), StandardCharsets.UTF_8);
      upstream.when("*", "/v2/org/app/manifests/.*").respond(200, Map.of("Content-Type", MediaTypes.OCI_MANIFEST), manifest);
      Path catalog = Files.writeString(temp.resolve("releases.yaml"),
          "releases:\n  - version: 1.0.0\n    images:\n      app: " + upstream.host() + "/org/app:1.0\n");
      Path config = Files.writeString(temp.resolve("upstream.json"),
          "{\"registries\":{\"" + upstream.host() + "\":{\"plain-http\":true}}}");
      CliRun run = CliRun.run("export", "--release", "1.x", "--catalog", catalog.toString(), "--config", config.toString(),
          "--output", temp.resolve("out.tar.zst").toString(), "--unsigned", "--cache", temp.resolve("cache").toString());
      assertEquals(3, run.exitCode(), run.err());
      assertTrue(run.err().contains("the manifest " + upstream.host() + "/org/app:1.0"), run.err());
      assertTrue(run.err().contains("is larger than 4 MiB (4194304 bytes)"), run.err());
      assertFalse(Files.exists(temp.resolve("out.tar.zst")));
    }
  }

  private void assertRefusedEverywhere(Path file, String expected) throws Exception {
    CliRun verify = CliRun.run("verify", file.toString(), "--allow-unsigned");
    assertEquals(3, verify.exitCode(), verify.err());
    assertTrue(verify.err().contains(expected), "expected '" + expected + "' in: " + verify.err());

    Path out = temp.resolve("out");
    CliRun imported = CliRun.run("import", file.toString(), "--target", "lab", "--config", importConfig().toString(),
        "--allow-unsigned", "--output-dir", out.toString());
    assertEquals(3, imported.exitCode(), imported.err());
    assertTrue(imported.err().contains(expected), "expected '" + expected + "' in: " + imported.err());
    assertEquals("{\"repositories\":[]}", catalog().strip(), "nothing may reach the target");
    assertFalse(Files.exists(out), "no report may be written");
  }

  private Path importConfig() throws IOException {
    return Files.writeString(temp.resolve("registries.json"),
        "{\"targets\":{\"lab\":{\"url\":\"" + target.host() + "/mirror\",\"plain-http\":true}}}");
  }

  private Path exportConfig() throws IOException {
    return Files.writeString(temp.resolve("export.json"), "{\"registries\":{\"127.0.0.1:9\":{\"plain-http\":true}}}");
  }

  private static String catalog() throws Exception {
    HttpResponse<String> answer = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + target.host() + "/v2/_catalog")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    return answer.body();
  }

  /** {@code json} followed by spaces up to {@code size} bytes: still valid JSON, just too large. */
  static byte[] spaces(String json, int size) {
    byte[] bytes = Arrays.copyOf(json.getBytes(StandardCharsets.UTF_8), size);
    Arrays.fill(bytes, json.length(), size, (byte) ' ');
    return bytes;
  }
}
