package dev.airgap.bundle.format.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes of a bundle: one file, or volumes {@code X.000}, {@code X.001}, … read as one
 * concatenation. Channels are opened once, so everything read comes from the files that were
 * opened, and positional reads make it safe to read from several threads at once.
 */
final class VolumeSet implements Closeable {
  /** {@code X.001} … {@code X.999}: a volume after the first. */
  private static final Pattern LATER_VOLUME = Pattern.compile("(.+)\\.(00[1-9]|0[1-9][0-9]|[1-9][0-9]{2})");
  static final int MAX_VOLUMES = 1000;

  private final List<Path> files;
  private final FileChannel[] channels;
  /** starts[i] is the offset of volume i in the concatenation; starts[n] the total length. */
  private final long[] starts;

  private VolumeSet(List<Path> files, FileChannel[] channels, long[] starts) {
    this.files = List.copyOf(files);
    this.channels = channels;
    this.starts = starts;
  }

  /** {@code path} itself, or the volume set it names ({@code X.000}, or {@code X} with only volumes). */
  static VolumeSet open(Path path) throws IOException {
    List<Path> files = resolve(path);
    FileChannel[] channels = new FileChannel[files.size()];
    long[] starts = new long[files.size() + 1];
    try {
      for (int i = 0; i < files.size(); i++) {
        channels[i] = FileChannel.open(files.get(i), StandardOpenOption.READ);
        starts[i + 1] = starts[i] + channels[i].size();
      }
      checkSizes(files, starts);
    } catch (IOException | RuntimeException e) {
      for (FileChannel c : channels) {
        if (c != null) {
          try {
            c.close();
          } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
      }
      throw e;
    }
    return new VolumeSet(files, channels, starts);
  }

  private static List<Path> resolve(Path path) throws IOException {
    String fileName = path.getFileName() == null ? "" : path.getFileName().toString();
    Matcher laterVolume = LATER_VOLUME.matcher(fileName);
    if (laterVolume.matches() && Files.isRegularFile(path.resolveSibling(laterVolume.group(1) + ".000"))) {
      // A later volume read alone has no index and no seek table of its own: not a damaged bundle.
      throw new ArchiveException(path + " is volume " + Integer.parseInt(laterVolume.group(2)) + " of a split bundle; pass"
          + " its first volume " + path.resolveSibling(laterVolume.group(1) + ".000") + " (every volume must be beside it)");
    }
    if (Files.isRegularFile(path) && !fileName.endsWith(".000")) {
      return List.of(path);
    }
    Path base;
    if (fileName.endsWith(".000") && Files.isRegularFile(path)) {
      base = path.resolveSibling(fileName.substring(0, fileName.length() - 4));
    } else if (Files.isRegularFile(volume(path, 0))) {
      base = path;
    } else if (Files.exists(path)) {
      throw new ArchiveException(path + " is not a regular file");
    } else {
      throw new NoSuchFileException(path.toString(), null, "no bundle file and no first volume " + volume(path, 0).getFileName());
    }
    List<Path> volumes = new ArrayList<>();
    while (volumes.size() < MAX_VOLUMES && Files.isRegularFile(volume(base, volumes.size()))) {
      volumes.add(volume(base, volumes.size()));
    }
    int later = highestVolume(base);
    if (later >= volumes.size()) {
      throw new ArchiveException(
          "volume " + volume(base, volumes.size()).getFileName() + " is missing, but "
              + volume(base, later).getFileName() + " exists; every volume from .000 on is needed");
    }
    return volumes;
  }

  /** The highest {@code base.NNN} present beside {@code base}, or -1. */
  private static int highestVolume(Path base) throws IOException {
    Path dir = base.toAbsolutePath().getParent();
    String prefix = base.getFileName() + ".";
    int highest = -1;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String n = entry.getFileName().toString();
        if (n.length() == prefix.length() + 3 && n.startsWith(prefix)) {
          String digits = n.substring(prefix.length());
          if (digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            highest = Math.max(highest, Integer.parseInt(digits));
          }
        }
      }
    }
    return highest;
  }

  static Path volume(Path base, int index) {
    return base.resolveSibling(base.getFileName() + String.format(".%03d", index));
  }

  private static void checkSizes(List<Path> files, long[] starts) {
    for (int i = 0; i < files.size(); i++) {
      long size = starts[i + 1] - starts[i];
      if (size == 0) {
        throw new ArchiveException(files.get(i) + " is empty");
      }
      if (files.size() > 1) {
        long first = starts[1];
        boolean last = i == files.size() - 1;
        if ((!last && size != first) || (last && size > first)) {
          throw new ArchiveException(
              "volume " + files.get(i).getFileName() + " has " + size + " bytes but " + files.get(0).getFileName()
                  + " has " + first + "; every volume but the last has the same size (a volume is damaged or from"
                  + " another bundle)");
        }
      }
    }
  }

  List<Path> files() {
    return files;
  }

  long length() {
    return starts[starts.length - 1];
  }

  /** A name for messages: the file, or the first volume and the count. */
  String describe() {
    return files.size() == 1 ? files.get(0).toString() : files.get(0) + " (" + files.size() + " volumes)";
  }

  /** Reads from {@code position} (possibly across volumes); -1 at the end of the set. */
  int read(ByteBuffer dst, long position) throws IOException {
    if (position >= length() || !dst.hasRemaining()) {
      return position >= length() ? -1 : 0;
    }
    int v = volumeAt(position);
    long inVolume = position - starts[v];
    long volumeLeft = starts[v + 1] - position;
    int oldLimit = dst.limit();
    if (dst.remaining() > volumeLeft) {
      dst.limit((int) (dst.position() + volumeLeft));
    }
    try {
      int n = channels[v].read(dst, inVolume);
      if (n < 0) {
        throw new ArchiveException(files.get(v) + " became shorter while it was being read");
      }
      return n;
    } finally {
      dst.limit(oldLimit);
    }
  }

  /** Fills {@code dst} from {@code position}; an archive error if the set ends first. */
  void readFully(ByteBuffer dst, long position) throws IOException {
    long p = position;
    while (dst.hasRemaining()) {
      int n = read(dst, p);
      if (n < 0) {
        throw new ArchiveException(describe() + " is truncated: it ends at byte " + length() + ", " + dst.remaining()
            + " bytes short of what its tables describe");
      }
      p += n;
    }
  }

  /** The bytes from {@code from} up to {@code to} as a stream. */
  InputStream stream(long from, long to) {
    return new InputStream() {
      private long pos = from;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        if (pos >= to) {
          return -1;
        }
        int n = VolumeSet.this.read(ByteBuffer.wrap(b, off, (int) Math.min(len, to - pos)), pos);
        if (n > 0) {
          pos += n;
        }
        return n;
      }
    };
  }

  private int volumeAt(long position) {
    int lo = 0;
    int hi = channels.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= position) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (FileChannel c : channels) {
      try {
        c.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
