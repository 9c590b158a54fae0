package dev.airgap.bundle.format.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.ReaderLimits;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle written before layers were stored as raw zstd blocks (every frame compressed; unsigned,
 * one image with a gzip layer, exported from a local registry by the tool at commit 2c99ec9) still
 * verifies member by member: the format change is backward compatible.
 */
class EarlierBundleFixtureTest {
  @TempDir Path temp;

  @Test
  void aBundleFromBeforeStoredFramesStillVerifies() throws Exception {
    Path bundle = temp.resolve("before-stored-frames.tar.zst");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/before-stored-frames.tar.zst")) {
      Files.copy(in, bundle);
    }
    try (BundleArchive archive = BundleArchive.open(bundle, ReaderLimits.defaults())) {
      VerifiedBundle verified = new BundleVerifier(List.of(), true).verify(archive, 1, n -> {});
      assertEquals(1, verified.index().images().size());
      assertEquals("tiny", verified.index().images().get(0).name());
      assertEquals(3, verified.index().blobs().size(), "manifest, config, layer");
    }
  }
}
