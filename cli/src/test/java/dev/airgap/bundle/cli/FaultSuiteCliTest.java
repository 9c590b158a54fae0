package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.testing.FaultProxy;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The faults of the reliability guide, end to end through `bundle import`: each gives a clear
 * error or completes, nothing is lost, and no tag ever points at incomplete content.
 */
class FaultSuiteCliTest {
  @RegisterExtension static RegistryExtension upstream = RegistryExtension.anonymous();
  @RegisterExtension RegistryExtension target = RegistryExtension.anonymous();

  @TempDir static Path shared;
  @TempDir Path temp;

  private static TestImage app;
  private static Path bundle;
  private FaultProxy proxy;

  @BeforeAll
  static void exportOnce() throws Exception {
    TestImages gen = TestImages.seeded(9009);
    app = gen.oci().layers(3).layerSize(300_000).build();
    Skopeo.seed(shared, upstream.host() + "/org/app:1.0", app);
    Files.writeString(shared.resolve("releases.yaml"),
        "releases:\n  - version: 1.0.0\n    images:\n      app: " + upstream.host() + "/org/app:1.0\n");
    Files.writeString(shared.resolve("up.json"), "{\"registries\":{\"" + upstream.host() + "\":{\"plain-http\":true}}}");
    assertEquals(0, CliRun.run("keygen", "--out", shared.resolve("k").toString()).exitCode());
    bundle = shared.resolve("b.tar.zst");
    CliRun run = CliRun.run("export", "--release", "1.0.0", "--catalog", shared.resolve("releases.yaml").toString(),
        "--config", shared.resolve("up.json").toString(), "--output", bundle.toString(), "--sign-key",
        shared.resolve("k.key").toString(), "--cache", shared.resolve("cache").toString());
    assertEquals(0, run.exitCode(), run.err());
  }

  @BeforeEach
  void startProxy() throws Exception {
    proxy = FaultProxy.start(target.host());
  }

  @AfterEach
  void stopProxy() throws Exception {
    proxy.close();
  }

  private Path config(String host, String extra) throws Exception {
    Path file = temp.resolve("registries.json");
    Files.writeString(file, "{\"targets\":{\"lab\":{\"url\":\"" + host + "/m\"" + extra + "}}}");
    return file;
  }

  private CliRun importVia(Path file, String host, String extra, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("import", file.toString(), "--target", "lab", "--config",
        config(host, extra).toString(), "--trust", shared.resolve("k.pub").toString(), "--output-dir", temp.resolve("out").toString()));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  private List<String> tags() {
    return RegistryClient.builder(RegistrySettings.secure(target.host()).withPlainHttp(true)).build().listTags("m/org/app");
  }

  @Test
  void throttlingResetsAndAPassingOutageAreRiddenOut() throws Exception {
    proxy.when("POST", "/v2/.*/blobs/uploads/").times(2).respond(429, Map.of("Retry-After", "1"), "");
    proxy.when("PUT", "/v2/.*/blobs/uploads/.*").times(1).cutRequestBodyAfter(100_000);
    proxy.when("PUT", "/v2/.*/manifests/.*").times(1).respond(503, Map.of(), "");
    CliRun run = importVia(bundle, proxy.host(), ",\"plain-http\":true");
    assertEquals(0, run.exitCode(), run.err());
    assertArrayEquals(app.bytes(), Skopeo.inspectRaw("docker://" + target.host() + "/m/org/app:1.0", false));
  }

  @Test
  void aPersistentOutageFailsWithExit4AndSetsNoTag() throws Exception {
    proxy.when("PUT", "/v2/.*/manifests/.*").respond(503, Map.of(), "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"down\"}]}");
    CliRun run = importVia(bundle, proxy.host(), ",\"plain-http\":true");
    assertEquals(4, run.exitCode(), run.err());
    assertTrue(run.err().contains("503"), run.err());
    assertEquals(List.of(), tags());
  }

  @Test
  void aLyingDigestAnswerIsAVerificationFailureAndSetsNoTag() throws Exception {
    proxy.when("PUT", "/v2/.*/blobs/uploads/.*").setResponseHeader("Docker-Content-Digest", "sha256:" + "0".repeat(64));
    CliRun run = importVia(bundle, proxy.host(), ",\"plain-http\":true");
    assertEquals(3, run.exitCode(), run.err());
    assertEquals(List.of(), tags());
  }

  @Test
  void damagedBundlesAreRefusedBeforeAnyTagMoves() throws Exception {
    byte[] bytes = Files.readAllBytes(bundle);
    Map<String, byte[]> variants = Map.of(
        "truncated", Arrays.copyOf(bytes, bytes.length * 2 / 3),
        "trailing-garbage", concat(bytes, "garbage after the seek table".getBytes(StandardCharsets.UTF_8)),
        "flipped", flip(bytes, bytes.length / 2));
    for (var v : variants.entrySet()) {
      Path file = temp.resolve(v.getKey() + ".tar.zst");
      Files.write(file, v.getValue());
      CliRun verify = CliRun.run("verify", file.toString(), "--trust", shared.resolve("k.pub").toString());
      assertEquals(3, verify.exitCode(), v.getKey() + ": " + verify.err());
      CliRun run = importVia(file, target.host(), ",\"plain-http\":true");
      assertEquals(3, run.exitCode(), v.getKey() + ": " + run.err());
      assertEquals(List.of(), tags(), v.getKey());
    }
  }

  @Test
  void aCanarySecretNeverAppearsInAnyOutput() throws Exception {
    String canary = "canary-" + System.nanoTime();
    String auth = Base64.getEncoder().encodeToString(("someone:" + canary).getBytes(StandardCharsets.UTF_8));
    Files.writeString(temp.resolve("push.json"), "{\"auths\":{\"" + proxy.host() + "\":{\"auth\":\"" + auth + "\"}}}");
    // The target challenges for credentials over plain HTTP: they must not be sent, and not be shown.
    proxy.when("*", "/v2/.*").respond(401, Map.of("WWW-Authenticate", "Basic realm=\"lab\""), "");
    for (String[] extra : List.of(new String[0], new String[] {"--debug"}, new String[] {"--json"})) {
      CliRun run = importVia(bundle, proxy.host(), ",\"plain-http\":true,\"tokens\":{\"push\":\"" + temp.resolve("push.json") + "\"}", extra);
      assertEquals(4, run.exitCode(), run.err());
      assertFalse(run.out().contains(canary) || run.err().contains(canary), "the secret leaked:\n" + run.out() + run.err());
    }
    assertTrue(proxy.exchanges().stream().noneMatch(x -> x.header("Authorization").isPresent()));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] flip(byte[] bytes, int at) {
    byte[] out = bytes.clone();
    out[at] ^= 0x20;
    return out;
  }
}
