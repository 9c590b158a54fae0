package dev.airgap.bundle.exporter;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.TempFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

/**
 * Fetched blobs, stored by digest so an interrupted export re-fetches only what is missing.
 *
 * <p>A blob is written to a temporary name, fsynced, and renamed only after the verifying stream
 * it came from reached its end without complaint. An entry of the right size is still not trusted:
 * whoever reads it again must verify it (see {@link dev.airgap.bundle.format.VerifyingInputStream}).
 */
final class BlobCache {
  /** {@code .<hex>.partial-<uuid>}, the temporary name of a blob being fetched. */
  private static final Pattern TEMP = Pattern.compile("\\.[0-9a-f]{64,128}\\.partial-[0-9a-f-]{36}");

  private final Path root;

  BlobCache(Path root) {
    this.root = root;
    // Temporary files of fetches a killed export left behind; a live export's are locked.
    for (String algorithm : new String[] {"sha256", "sha512"}) {
      TempFiles.sweep(root.resolve(algorithm), name -> TEMP.matcher(name).matches());
    }
  }

  /** {@code $XDG_CACHE_HOME/bundle/blobs}, else {@code ~/.cache/bundle/blobs}. */
  static Path defaultRoot(Map<String, String> env, Path home) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache");
    return base.resolve("bundle").resolve("blobs");
  }

  Path pathOf(Digest digest) {
    return root.resolve(digest.algorithm()).resolve(digest.hex());
  }

  /** The cached file when one of exactly {@code size} bytes exists (content not yet verified). */
  Optional<Path> find(Digest digest, long size) {
    Path path = pathOf(digest);
    try {
      return Files.isRegularFile(path) && Files.size(path) == size ? Optional.of(path) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Copies a verifying stream into the cache; the entry appears only once the stream has ended
   * cleanly, i.e. once size and digest were confirmed.
   */
  Path store(Digest digest, InputStream verified, LongConsumer progress) throws IOException {
    Path target = pathOf(digest);
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling("." + digest.hex() + ".partial-" + UUID.randomUUID());
    try {
      // Locked until renamed, so another export's sweep never takes it for a leftover.
      try (FileChannel channel = TempFiles.createLocked(temp)) {
        OutputStream out = Channels.newOutputStream(channel);
        byte[] buffer = new byte[256 * 1024];
        int n;
        while ((n = verified.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          progress.accept(n);
        }
        channel.force(true);
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return target;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Removes an entry found to be corrupt. */
  void evict(Digest digest) {
    try {
      Files.deleteIfExists(pathOf(digest));
    } catch (IOException e) {
      // Leaving it is harmless: it fails verification again next time.
    }
  }
}
