package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.testing.FaultProxy;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that misbehaves mid-transfer, end to end: a server that stops sending (export) or
 * stops taking (import) in the middle of a body is given up on after {@code --timeout} of silence
 * and a bounded number of tries (exit 4, never a hang); a garbled digest header fails the export
 * (exit 3); a resume answered with another range restarts the blob from zero.
 */
class StalledTransferCliTest {
  /** Far above what the bounded tries take with --timeout 1s, far below a hang. */
  private static final Duration BOUND = Duration.ofSeconds(90);

  @RegisterExtension static RegistryExtension upstream = RegistryExtension.anonymous();
  @RegisterExtension RegistryExtension target = RegistryExtension.anonymous();

  @TempDir static Path shared;
  @TempDir Path temp;

  private static Path bundle;
  private static String layer;
  private FaultProxy proxy;

  @BeforeAll
  static void exportOnce() throws Exception {
    TestImage app = TestImages.seeded(1313).oci().layers(1).layerSize(400_000).build();
    Skopeo.seed(shared, upstream.host() + "/org/app:1.0", app);
    layer = "/v2/org/app/blobs/" + app.layers().get(0).digest();
    assertEquals(0, CliRun.run("keygen", "--out", shared.resolve("k").toString()).exitCode());
    bundle = shared.resolve("b.tar.zst");
    CliRun run = export(upstream.host(), bundle, shared.resolve("cache"));
    assertEquals(0, run.exitCode(), run.err());
  }

  @BeforeEach
  void startProxy() throws Exception {
    proxy = FaultProxy.start(upstream.host());
  }

  @AfterEach
  void stopProxy() throws Exception {
    proxy.close();
  }

  @Test
  void anExportWhoseBlobStallsHalfwayFailsWithExit4() throws Exception {
    proxy.when("GET", layer).stallResponseBodyAfter(20_000);
    Path out = temp.resolve("stalled.tar.zst");
    CliRun run = assertTimeoutPreemptively(BOUND, () -> export(proxy.host(), out, temp.resolve("cache"), "--timeout", "1s"));
    assertEquals(4, run.exitCode(), run.err());
    assertTrue(run.err().contains(proxy.host()) && run.err().contains("--timeout"), run.err());
    assertTrue(proxy.exchanges().stream().anyMatch(x -> x.header("Range").isPresent()), "the stall was retried with a resume");
    assertFalse(Files.exists(out));
  }

  @Test
  void anExportRidesOutOneStall() throws Exception {
    var stall = proxy.when("GET", layer).times(1).stallResponseBodyAfter(20_000);
    CliRun run = assertTimeoutPreemptively(BOUND,
        () -> export(proxy.host(), temp.resolve("ok.tar.zst"), temp.resolve("cache"), "--timeout", "1s"));
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(1, stall.hits());
    assertTrue(proxy.exchanges().stream().anyMatch(x -> x.header("Range").isPresent()), "resumed after the stall");
  }

  @Test
  void anImportWhoseUploadStallsFailsWithExit4AndSetsNoTag() throws Exception {
    try (FaultProxy toTarget = FaultProxy.start(target.host())) {
      toTarget.when("PUT", "/v2/.*/blobs/uploads/.*").stallRequestBodyAfter(20_000);
      Path config = temp.resolve("registries.json");
      Files.writeString(config, "{\"targets\":{\"lab\":{\"url\":\"" + toTarget.host() + "/m\",\"plain-http\":true}}}");
      CliRun run = assertTimeoutPreemptively(BOUND, () -> CliRun.run("import", bundle.toString(), "--target", "lab",
          "--config", config.toString(), "--trust", shared.resolve("k.pub").toString(), "--output-dir",
          temp.resolve("out").toString(), "--timeout", "1s"));
      assertEquals(4, run.exitCode(), run.err());
      assertTrue(run.err().contains(toTarget.host()) && run.err().contains("--timeout"), run.err());
      assertTrue(toTarget.exchanges().stream().filter(x -> x.method().equals("PUT")).count() > 1, "the upload was retried");
    }
    assertEquals(List.of(), RegistryClient.builder(RegistrySettings.secure(target.host()).withPlainHttp(true)).build()
        .listTags("m/org/app"));
  }

  @Test
  void aRegistryThatAcceptsNoConnectionFailsWithExit4() throws Exception {
    // A listener whose accept queue is full: the kernel drops further connection attempts, so
    // they neither succeed nor fail, as with a host that has gone silent.
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      List<Socket> queued = new ArrayList<>();
      boolean full = false;
      for (int i = 0; i < 10 && !full; i++) {
        Socket s = new Socket();
        try {
          s.connect(silent.getLocalSocketAddress(), 500);
          queued.add(s);
        } catch (SocketTimeoutException dropped) {
          s.close();
          full = true;
        }
      }
      org.junit.jupiter.api.Assumptions.assumeTrue(full, "this network stack does not drop connections to a full queue");
      String host = "127.0.0.1:" + silent.getLocalPort();
      CliRun run = assertTimeoutPreemptively(BOUND,
          () -> CliRun.run("inspect", host + "/org/app:1.0", "--plain-http", "--timeout", "1s"));
      assertEquals(4, run.exitCode(), run.err());
      assertTrue(run.err().contains(host + " accepted no connection within 1 s") && run.err().contains("--timeout"),
          run.err());
      for (Socket s : queued) {
        s.close();
      }
    }
  }

  @Test
  void aMalformedDigestHeaderFailsTheExportWithExit3() throws Exception {
    proxy.when("GET", "/v2/.*/manifests/.*").setResponseHeader("Docker-Content-Digest", "sha256:garbled");
    Path out = temp.resolve("garbled.tar.zst");
    CliRun run = export(proxy.host(), out, temp.resolve("cache"));
    assertEquals(3, run.exitCode(), run.err());
    assertTrue(run.err().contains("Docker-Content-Digest") && run.err().contains("sha256:garbled"), run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void aResumeAnsweredWithAnotherRangeRestartsTheBlobFromZero() throws Exception {
    proxy.when("GET", layer).times(1).cutResponseBodyAfter(150_000);
    proxy.when("GET", layer).times(1).setResponseHeader("Content-Range", "bytes 0-10/400000");
    CliRun run = export(proxy.host(), temp.resolve("ok.tar.zst"), temp.resolve("cache"));
    assertEquals(0, run.exitCode(), run.err());
    var gets = proxy.exchanges().stream().filter(x -> x.target().equals(layer)).toList();
    assertEquals(3, gets.size(), gets.toString());
    assertTrue(gets.get(1).header("Range").isPresent() && gets.get(2).header("Range").isEmpty(), gets.toString());
    CliRun verify = CliRun.run("verify", temp.resolve("ok.tar.zst").toString(), "--trust", shared.resolve("k.pub").toString());
    assertEquals(0, verify.exitCode(), verify.err());
  }

  private static CliRun export(String host, Path output, Path cache, String... more) throws Exception {
    Path catalog = Files.createTempFile(shared, "releases", ".yaml");
    Files.writeString(catalog, "releases:\n  - version: 1.0.0\n    images:\n      app: " + host + "/org/app:1.0\n");
    Path config = Files.createTempFile(shared, "registries", ".json");
    Files.writeString(config, "{\"registries\":{\"" + host + "\":{\"plain-http\":true}}}");
    List<String> args = new java.util.ArrayList<>(List.of("export", "--release", "1.0.0", "--catalog", catalog.toString(),
        "--config", config.toString(), "--output", output.toString(), "--sign-key", shared.resolve("k.key").toString(),
        "--cache", cache.toString()));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }
}
