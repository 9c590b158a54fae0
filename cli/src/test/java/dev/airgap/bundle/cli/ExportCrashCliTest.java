package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.testing.FaultProxy;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Blob;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle export} killed with SIGKILL, as a separate JVM: mid-fetch and mid-write. Nothing
 * may appear under the bundle's final names, and the re-run fetches only the blobs the cache lacks.
 */
class ExportCrashCliTest {
  @RegisterExtension static RegistryExtension upstream = RegistryExtension.anonymous();

  @TempDir Path temp;

  private FaultProxy proxy;
  private TestImage image;
  private Blob small;
  private Blob large;
  private Path catalog;
  private Path config;
  private Path out;

  @BeforeEach
  void seed() throws Exception {
    TestImages gen = TestImages.seeded(1818);
    small = gen.layer(100_000);
    // Random content: big enough that writing it (zstd, one fsync per 1 MiB volume) takes a while.
    image = gen.oci().sharedLayers(small).layers(1).layerSize(24_000_000).build();
    large = image.layers().get(1);
    Skopeo.seed(temp, upstream.host() + "/apps/big:1", image);
    proxy = FaultProxy.start(upstream.host());
    catalog = Files.writeString(temp.resolve("releases.yaml"),
        "releases:\n  - version: 1.0.0\n    images:\n      big: " + proxy.host() + "/apps/big:1\n");
    config = Files.writeString(temp.resolve("registries.json"), "{\"registries\":{\"" + proxy.host() + "\":{\"plain-http\":true}}}");
    Files.createDirectories(temp.resolve("out"));
    out = temp.resolve("out/big.tar.zst");
  }

  @AfterEach
  void stopProxy() throws Exception {
    proxy.close();
  }

  private List<String> exportArgs() {
    return List.of("export", "--release", "1.0.0", "--catalog", catalog.toString(), "--config", config.toString(),
        "--output", out.toString(), "--unsigned", "--split-size", "1M", "--cache", temp.resolve("cache").toString());
  }

  /** The CLI in a JVM of its own, so it can really be killed. */
  private Process startExport() throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(exportArgs());
    return new ProcessBuilder(command)
        .redirectOutput(temp.resolve("export.out").toFile())
        .redirectError(temp.resolve("export.err").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  private static void killHard(Process p) throws Exception {
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start();
    assertEquals(0, kill.waitFor());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, p.exitValue(), "killed by SIGKILL, not finished on its own");
  }

  private void await(Process p, BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (!p.isAlive()) {
        throw new AssertionError("the export ended (exit " + p.exitValue() + ") before " + what + ": "
            + Files.readString(temp.resolve("export.err")));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(2);
    }
  }

  private boolean cached(Blob blob) {
    return Files.isRegularFile(temp.resolve("cache/sha256").resolve(blob.digest().substring("sha256:".length())));
  }

  private List<String> finalFiles() throws Exception {
    try (Stream<Path> files = Files.list(out.getParent())) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("big.tar.zst")).toList();
    }
  }

  private boolean writing() {
    try (Stream<Path> files = Files.list(out.getParent())) {
      return files.anyMatch(f -> f.getFileName().toString().startsWith(".big.tar.zst"));
    } catch (Exception e) {
      return false;
    }
  }

  /** Temporary volumes of the bundle being written. */
  private long volumesWritten() {
    try (Stream<Path> files = Files.list(out.getParent())) {
      return files.filter(f -> f.getFileName().toString().startsWith(".big.tar.zst.")).count();
    } catch (Exception e) {
      return 0;
    }
  }

  private List<String> blobGets() {
    return proxy.exchanges().stream()
        .filter(e -> e.method().equals("GET") && e.target().contains("/blobs/sha256:"))
        .map(e -> e.target().substring(e.target().indexOf("sha256:")))
        .distinct().toList();
  }

  @Test
  void killedMidFetchAndMidWriteLeavesNoBundleAndTheRerunFetchesOnlyWhatIsMissing() throws Exception {
    // 1. Killed while fetching: the large layer's registry asks to come back in a minute.
    var hold = proxy.when("GET", ".*/blobs/" + large.digest())
        .respond(503, Map.of("Retry-After", "60"), "{\"errors\":[{\"code\":\"UNAVAILABLE\"}]}");
    Process first = startExport();
    await(first, () -> cached(small) && hold.hits() > 0, "the small layer was cached and the large one asked for");
    killHard(first);
    assertEquals(List.of(), finalFiles(), "nothing under the final names after a kill mid-fetch");

    // 2. Killed while writing the volumes. The export streams each blob into the bundle as it
    // arrives, so the volumes grow while the large layer is still coming: hold its body halfway.
    proxy.clear();
    proxy.when("GET", ".*/blobs/" + large.digest()).stallResponseBodyAfter(12_000_000);
    Process second = startExport();
    await(second, () -> writing() && volumesWritten() >= 3, "the bundle's temporary volumes grew");
    killHard(second);
    assertEquals(List.of(), finalFiles(), "nothing under the final names (nor big.tar.zst.000…) after a kill mid-write");
    assertEquals(List.of(large.digest()), blobGets(), "the re-run fetched only the blob the cache lacked");
    assertFalse(cached(large), "a blob cut off mid-fetch never appears in the cache");

    // 3. The next run is not confused by what the killed ones left, fetches only what is missing, and completes.
    proxy.clear();
    CliRun third = CliRun.run(exportArgs().toArray(String[]::new));
    assertEquals(0, third.exitCode(), third.err());
    assertEquals(List.of(large.digest()), blobGets(), "only the blob the cache lacked");
    assertTrue(cached(large), "written through to the cache as it streamed into the bundle");
    assertTrue(finalFiles().contains("big.tar.zst.000"), finalFiles().toString());

    // 4. And a run after that takes every blob from the cache.
    proxy.clear();
    CliRun fourth = CliRun.run(exportArgs().toArray(String[]::new));
    assertEquals(0, fourth.exitCode(), fourth.err());
    assertEquals(List.of(), blobGets(), "every blob came from the cache");
    CliRun verify = CliRun.run("verify", out.toString() + ".000", "--allow-unsigned");
    assertEquals(0, verify.exitCode(), verify.err());
  }
}
