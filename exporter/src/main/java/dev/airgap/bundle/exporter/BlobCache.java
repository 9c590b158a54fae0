package dev.airgap.bundle.exporter;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.DigestMismatchException;
import dev.airgap.bundle.format.TempFiles;
import dev.airgap.bundle.format.VerifyingInputStream;
import dev.airgap.bundle.format.transfer.BlobSink;
import dev.airgap.bundle.format.transfer.BlobSource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Fetched blobs, stored by digest so an interrupted export re-fetches only what is missing: a
 * write-through side output of the export, and a source for the next one.
 *
 * <p>A blob is written to a temporary name and renamed only after the verifying stream it came
 * from reached its end without complaint. New entries are not fsynced one by one: {@link #sync()}
 * flushes them all in one batch at the end of a run. An entry is never trusted anyway: whoever
 * reads it again verifies it ({@link #open}), and a corrupt one is removed.
 */
final class BlobCache implements BlobSource, BlobSink {
  /** {@code .<hex>.partial-<uuid>}, the temporary name of a blob being fetched. */
  private static final Pattern TEMP = Pattern.compile("\\.[0-9a-f]{64,128}\\.partial-[0-9a-f-]{36}");

  private final Path root;
  private final List<Path> unsynced = new ArrayList<>();

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

  /** An entry of the right size exists; its content is checked when it is read. */
  @Override
  public boolean has(Descriptor blob) {
    return find(blob.digest(), blob.size()).isPresent();
  }

  /**
   * The cached bytes, verified as they are read. A corrupt entry is evicted and reported as an
   * {@link ExportException} that says to run again.
   */
  @Override
  public InputStream open(Descriptor blob, long offset) throws IOException {
    Digest digest = blob.digest();
    InputStream raw = Files.newInputStream(pathOf(digest));
    InputStream in = new Evicting(new VerifyingInputStream(raw, digest, blob.size(), "cached blob " + digest), digest);
    if (offset > 0) {
      in.skipNBytes(offset);
    }
    return in;
  }

  /** Copies a blob into the cache; the entry appears once the source's stream ended cleanly. */
  @Override
  public void put(Descriptor blob, BlobSource source) throws IOException {
    Entry entry = begin(blob.digest());
    try (InputStream in = source.open(blob)) {
      OutputStream out = Channels.newOutputStream(entry.channel());
      in.transferTo(out);
      entry.commit();
    } finally {
      entry.close();
    }
  }

  /** Starts a write-through entry: bytes go to {@link Entry#channel()}, then {@link Entry#commit()}. */
  Entry begin(Digest digest) throws IOException {
    Path target = pathOf(digest);
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling("." + digest.hex() + ".partial-" + UUID.randomUUID());
    // Locked until renamed, so another export's sweep never takes it for a leftover.
    return new Entry(target, temp, TempFiles.createLocked(temp));
  }

  /** Removes an entry found to be corrupt. */
  void evict(Digest digest) {
    try {
      Files.deleteIfExists(pathOf(digest));
    } catch (IOException e) {
      // Leaving it is harmless: it fails verification again next time.
    }
  }

  /**
   * Flushes every entry added in this run to disk, and their directories: one batch instead of an
   * fsync per blob. Entries that vanished meanwhile (another run evicted them) are skipped.
   */
  void sync() throws IOException {
    List<Path> files;
    synchronized (unsynced) {
      files = new ArrayList<>(unsynced);
      unsynced.clear();
    }
    Set<Path> dirs = new TreeSet<>();
    for (Path file : files) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        channel.force(true);
        dirs.add(file.getParent());
      } catch (java.nio.file.NoSuchFileException e) {
        // Evicted by another run; nothing to keep.
      }
    }
    for (Path dir : dirs) {
      try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
        channel.force(true);
      } catch (IOException e) {
        // Some file systems cannot fsync a directory; the entries themselves are on disk.
      }
    }
  }

  /** A blob being written into the cache. Not thread-safe: its fetch's thread writes it. */
  final class Entry implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean committed;

    private Entry(Path target, Path temp, FileChannel channel) {
      this.target = target;
      this.temp = temp;
      this.channel = channel;
    }

    FileChannel channel() {
      return channel;
    }

    /** The temporary file, for a reader that follows the write. */
    Path temp() {
      return temp;
    }

    void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }

    /** Renames the verified blob into place; the open channel still reads it. */
    void commit() throws IOException {
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
      synchronized (unsynced) {
        unsynced.add(target);
      }
    }

    /** Closes the channel; without a commit, deletes the temporary file. */
    @Override
    public void close() throws IOException {
      try {
        channel.close();
      } finally {
        if (!committed) {
          Files.deleteIfExists(temp);
        }
      }
    }
  }

  /** Evicts the entry when its content turns out corrupt, and says so. */
  private final class Evicting extends FilterInputStream {
    private final Digest digest;

    Evicting(InputStream in, Digest digest) {
      super(in);
      this.digest = digest;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (DigestMismatchException e) {
        throw corrupt(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (DigestMismatchException e) {
        throw corrupt(e);
      }
    }

    private ExportException corrupt(DigestMismatchException e) {
      evict(digest);
      return new ExportException("the cached copy of blob " + digest + " was corrupt and has been removed"
          + " from the cache; run the export again to fetch it afresh", e);
    }
  }
}
