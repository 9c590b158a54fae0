package dev.airgap.bundle.format.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Where compressed bytes go: temporary files beside the destination, one, or one per volume of at
 * most {@code splitSize} bytes. {@link #commit()} fsyncs them and renames them into place; {@link
 * #abort()} deletes them. Only the writer thread calls it.
 */
final class VolumeSink {
  private static final int BUFFER = 1 << 20;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path destination;
  private final long splitSize;
  private final String tag;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
  private final List<Path> temps = new ArrayList<>();
  private FileChannel channel;
  private long inVolume;
  private volatile long written;

  VolumeSink(Path destination, long splitSize) {
    this.destination = destination;
    this.splitSize = splitSize;
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    this.tag = HexFormat.of().formatHex(random);
  }

  /** Bytes accepted so far. */
  long bytesWritten() {
    return written;
  }

  void write(byte[] b, int off, int len) throws IOException {
    written += len;
    if (len >= BUFFER) {
      drain();
      writeThrough(ByteBuffer.wrap(b, off, len));
      return;
    }
    if (len > buffer.remaining()) {
      drain();
    }
    buffer.put(b, off, len);
  }

  private void drain() throws IOException {
    buffer.flip();
    writeThrough(buffer);
    buffer.clear();
  }

  /** Writes to the volumes, starting a new one whenever the current one is full. */
  private void writeThrough(ByteBuffer src) throws IOException {
    while (src.hasRemaining()) {
      if (channel == null || (splitSize > 0 && inVolume == splitSize)) {
        nextVolume();
      }
      int oldLimit = src.limit();
      if (splitSize > 0 && src.remaining() > splitSize - inVolume) {
        src.limit((int) (src.position() + (splitSize - inVolume)));
      }
      try {
        while (src.hasRemaining()) {
          inVolume += channel.write(src);
        }
      } finally {
        src.limit(oldLimit);
      }
    }
  }

  private void nextVolume() throws IOException {
    if (channel != null) {
      channel.force(true);
      channel.close();
      channel = null;
    }
    int index = temps.size();
    if (splitSize > 0 && index >= VolumeSet.MAX_VOLUMES) {
      throw new IOException("the bundle needs more than " + VolumeSet.MAX_VOLUMES + " volumes of " + splitSize
          + " bytes; use a larger split size");
    }
    String name = splitSize > 0 ? VolumeSet.volume(destination, index).getFileName().toString()
        : destination.getFileName().toString();
    Path temp = destination.resolveSibling("." + name + ".partial-" + tag);
    temps.add(temp);
    channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    inVolume = 0;
  }

  /** Flushes, fsyncs and renames every file into place; returns the final files in order. */
  List<Path> commit() throws IOException {
    drain();
    if (channel == null) {
      nextVolume();
    }
    channel.force(true);
    channel.close();
    channel = null;
    List<Path> finals = new ArrayList<>();
    for (int i = 0; i < temps.size(); i++) {
      finals.add(splitSize > 0 ? VolumeSet.volume(destination, i) : destination);
    }
    // Stale volumes of an earlier, longer bundle would be read as part of this one.
    for (int i = temps.size(); i < VolumeSet.MAX_VOLUMES; i++) {
      Files.deleteIfExists(VolumeSet.volume(destination, i));
    }
    // The first volume goes last: until it is in place, no reader takes the set for a bundle.
    int moved = temps.size();
    try {
      while (moved > 0) {
        Files.move(temps.get(moved - 1), finals.get(moved - 1), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        moved--;
      }
    } catch (IOException | RuntimeException e) {
      // Half a volume set under the final names is worse than none.
      for (int i = moved; i < finals.size(); i++) {
        try {
          Files.deleteIfExists(finals.get(i));
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    temps.clear();
    if (splitSize > 0) {
      // A plain file under the base name would be opened instead of the volumes.
      if (Files.isRegularFile(destination)) {
        Files.delete(destination);
      }
    } else {
      for (int i = 0; i < VolumeSet.MAX_VOLUMES; i++) {
        Files.deleteIfExists(VolumeSet.volume(destination, i));
      }
    }
    syncDirectory(destination.toAbsolutePath().getParent());
    return List.copyOf(finals);
  }

  /** Closes and deletes the temporary files; never throws. */
  void abort() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // deleting is what matters
      }
      channel = null;
    }
    for (Path temp : temps) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort; the name says it is partial
      }
    }
    temps.clear();
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can fsync a directory; the renames are done either way.
    }
  }
}
