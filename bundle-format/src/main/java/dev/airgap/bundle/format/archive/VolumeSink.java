package dev.airgap.bundle.format.archive;

import dev.airgap.bundle.format.TempFiles;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
  /** The first temporary file, kept open and locked until commit or abort: the run's "alive" mark. */
  private FileChannel owner;
  private long inVolume;
  private volatile long written;

  VolumeSink(Path destination, long splitSize) {
    this.destination = destination;
    this.splitSize = splitSize;
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    this.tag = HexFormat.of().formatHex(random);
    sweepLeftovers(destination);
  }

  /**
   * Deletes the temporary files a killed earlier write of {@code destination} left behind: {@code
   * .NAME.partial-TAG} and {@code .NAME.NNN.partial-TAG} whose run's first file is not locked.
   */
  static void sweepLeftovers(Path destination) {
    String base = "." + destination.getFileName();
    Pattern temp = Pattern.compile(Pattern.quote(base) + "(\\.[0-9]{3})?\\.partial-([0-9a-f]{12})");
    Path dir = destination.toAbsolutePath().getParent();
    TempFiles.sweep(dir, name -> temp.matcher(name).matches(), file -> {
      Matcher m = temp.matcher(file.getFileName().toString());
      m.matches();
      String first = m.group(1) == null ? base : base + ".000";
      return file.resolveSibling(first + ".partial-" + m.group(2));
    });
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
      if (channel != owner) {
        channel.close();
      }
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
    channel = TempFiles.createLocked(temp);
    if (owner == null) {
      owner = channel;
    }
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
    closeOwner();
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

  private void closeOwner() throws IOException {
    if (owner != null) {
      FileChannel o = owner;
      owner = null;
      o.close();
    }
  }

  /** Closes and deletes the temporary files; never throws. */
  void abort() {
    try {
      if (channel != null) {
        channel.close();
      }
      closeOwner();
    } catch (IOException ignored) {
      // deleting is what matters
    }
    channel = null;
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
