package dev.airgap.bundle.format.archive;

import dev.airgap.bundle.format.Documents;
import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdIOException;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads a bundle file (or its volumes) without extracting it: random access to members through
 * the seek table and offsets table, and a strict sequential scan that trusts neither.
 *
 * <p>{@link #open} only finds and opens the files. The seek table and the offsets table are read
 * on first use by {@link #members()}, {@link #openMember} or {@link #readMember}; if they are
 * missing or damaged those methods throw, while {@link #scan} still works (it also reads a plain
 * {@code tar | zstd} file). All methods may be called from several threads at once; the files are
 * read with positional reads on channels opened once, by {@link #open}.
 */
public final class BundleArchive implements Closeable {
  /** The last member of every bundle, written by the writer; not listed by {@link #members()}. */
  public static final String OFFSETS_MEMBER = OffsetsTable.NAME;

  private final VolumeSet volumes;
  private final ReaderLimits limits;
  private final String file;
  private Index index;
  private ArchiveException indexFailure;
  private volatile boolean closed;

  /** The tables, and the members by name (the first of a name, as a scan in order finds it). */
  private record Index(SeekTable table, List<MemberLocation> members, java.util.Map<String, MemberLocation> byName) {
    Index(SeekTable table, List<MemberLocation> members) {
      this(table, members, byName(members));
    }

    private static java.util.Map<String, MemberLocation> byName(List<MemberLocation> members) {
      java.util.Map<String, MemberLocation> out = new java.util.HashMap<>();
      members.forEach(m -> out.putIfAbsent(m.name(), m));
      return out;
    }
  }

  private BundleArchive(VolumeSet volumes, ReaderLimits limits) {
    this.volumes = volumes;
    this.limits = limits;
    this.file = volumes.describe();
  }

  /** Opens a bundle; given {@code X.000} (or {@code X} when only volumes exist) it reads the set. */
  public static BundleArchive open(Path path, ReaderLimits limits) throws IOException {
    Objects.requireNonNull(limits, "limits");
    return new BundleArchive(VolumeSet.open(path), limits);
  }

  /** The files read, in order (one, or every volume). */
  public List<Path> files() {
    return volumes.files();
  }

  /**
   * Members as the offsets table lists them, in archive order (hints, re-checked on open). The
   * offsets member itself ({@value #OFFSETS_MEMBER}) is not listed.
   */
  public List<MemberLocation> members() throws IOException {
    return index().members();
  }

  /** A member's content by random access; the tar header at its offset is re-checked first. */
  public InputStream openMember(MemberLocation member) throws IOException {
    Objects.requireNonNull(member, "member");
    SeekTable table = index().table();
    String what = "member " + MemberNames.quote(member.name());
    if (member.headerOffset() < 0 || member.size() < 0 || member.dataOffset() <= member.headerOffset()
        || member.dataOffset() - member.headerOffset() > OffsetsTable.MAX_HEADER_SPAN
        || member.dataOffset() > table.uncompressedLength() - member.size()) {
      throw new ArchiveException(what + " has impossible offsets " + member.headerOffset() + "/" + member.dataOffset()
          + " for " + member.size() + " bytes in " + file);
    }
    SeekTable.Frame frame = table.frameAt(member.headerOffset());
    InputStream z = decompressor(frame.compressedOffset(), table.dataLength());
    try {
      skipExactly(z, member.headerOffset() - frame.uncompressedOffset(), frame.uncompressedOffset());
      TarReader reader = new TarReader(z, member.headerOffset(), file);
      TarEntry entry;
      try {
        entry = reader.next();
      } catch (ArchiveException e) {
        throw new ArchiveException("the offsets table places " + what + " at offset " + member.headerOffset()
            + ", but " + e.getMessage(), e);
      }
      String mismatch = null;
      if (entry == null) {
        mismatch = "the end of the archive is there";
      } else if (!entry.isRegularFile()) {
        mismatch = "the tar header there is a " + entry.kind();
      } else if (!entry.name().equals(member.name())) {
        mismatch = "the tar header there names " + MemberNames.quote(entry.name());
      } else if (entry.size() != member.size()) {
        mismatch = "the tar header there declares " + entry.size() + " bytes, not " + member.size();
      } else if (entry.dataOffset() != member.dataOffset()) {
        mismatch = "its content starts at " + entry.dataOffset() + ", not " + member.dataOffset();
      }
      if (mismatch != null) {
        throw new ArchiveException("the offsets table places " + what + " at offset " + member.headerOffset()
            + " of " + file + ", but " + mismatch);
      }
      return new FilterInputStream(reader.content()) {
        @Override
        public void close() throws IOException {
          z.close();
        }
      };
    } catch (IOException | RuntimeException | Error e) {
      try {
        z.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The first member whose name is {@code name}, read whole, at most {@code maxBytes}. */
  public byte[] readMember(String name, int maxBytes) throws IOException {
    // By name, not by walking the list: an import reads one manifest per image.
    MemberLocation m = index().byName().get(name);
    if (m != null) {
      if (m.size() > maxBytes) {
        throw new ArchiveException(Documents.tooLarge(
            "member " + MemberNames.quote(name) + " of " + file + " (" + m.size() + " bytes)", maxBytes));
      }
      try (InputStream in = openMember(m)) {
        return in.readNBytes((int) m.size());
      }
    }
    throw new ArchiveException(file + " has no member " + MemberNames.quote(name));
  }

  /**
   * Decompresses the whole stream from the start and hands every member to {@code visitor} in
   * order; rejects anything but regular files, unsafe names and anything over the limits.
   *
   * <p>Trusts neither the seek table nor the offsets table. The offsets member, which must be the
   * last member if present, is checked but not handed to the visitor. Rejected: links, devices,
   * directories and any other non-regular entry; absolute names, {@code ..}, backslashes, NUL;
   * duplicate names; more than {@link ReaderLimits#maxMembers()} entries or {@link
   * ReaderLimits#maxTotalBytes()} bytes; a zstd window above {@link ReaderLimits#windowLogMax()};
   * corrupt or truncated data; anything but zero padding after the end-of-archive blocks.
   */
  public void scan(MemberVisitor visitor) throws IOException {
    Objects.requireNonNull(visitor, "visitor");
    checkNotClosed();
    try (InputStream z = decompressor(0, volumes.length())) {
      TarReader reader = new TarReader(z, 0, file);
      NameSet seen = new NameSet();
      long entries = 0;
      TarEntry offsets = null;
      TarEntry entry;
      while ((entry = reader.next()) != null) {
        String what = MemberNames.quote(entry.name()) + " at offset " + entry.headerOffset() + " of " + file;
        // The offsets member is not counted: there is at most one, and it must be last.
        if (!entry.name().equals(OFFSETS_MEMBER) && ++entries > limits.maxMembers()) {
          throw new ArchiveException(file + " has more than " + limits.maxMembers() + " entries (the limit); entry "
              + what + " is one too many");
        }
        if (offsets != null) {
          throw new ArchiveException(OFFSETS_MEMBER + " at offset " + offsets.headerOffset() + " of " + file
              + " is not the last member: " + what + " follows");
        }
        if (!entry.isRegularFile()) {
          throw new ArchiveException("entry " + what + " is a " + entry.kind() + "; only regular files are accepted");
        }
        String problem = MemberNames.problem(entry.name());
        if (problem != null) {
          throw new ArchiveException("entry " + what + " has an unsafe name: it " + problem);
        }
        if (!seen.add(entry.name())) {
          throw new ArchiveException("duplicate member " + what);
        }
        if (entry.size() > limits.maxTotalBytes() - entry.dataOffset()
            || entry.dataOffset() + TarHeaders.padded(entry.size()) > limits.maxTotalBytes()) {
          throw new ArchiveException("member " + what + " declares " + entry.size() + " bytes, beyond the limit of "
              + limits.maxTotalBytes() + " uncompressed bytes");
        }
        if (entry.name().equals(OFFSETS_MEMBER)) {
          if (entry.size() > limits.maxMetadataBytes()) {
            throw new ArchiveException(what + " has " + entry.size() + " bytes, more than the "
                + limits.maxMetadataBytes() + " accepted");
          }
          offsets = entry;
          continue;
        }
        visitor.member(entry.name(), entry.size(), reader.content());
      }
      reader.requireOnlyZerosToEnd(limits.maxTotalBytes());
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    volumes.close();
  }

  private synchronized Index index() throws IOException {
    checkNotClosed();
    if (index != null) {
      return index;
    }
    if (indexFailure != null) {
      throw new ArchiveException(indexFailure.getMessage(), indexFailure);
    }
    try {
      index = loadIndex();
      return index;
    } catch (ArchiveException e) {
      indexFailure = e;
      throw e;
    }
  }

  /** Reads the seek table, then the offsets member from the final frame alone. */
  private Index loadIndex() throws IOException {
    SeekTable table = SeekTable.read(volumes, limits);
    SeekTable.Frame last = table.last();
    long maxFinal = limits.maxMetadataBytes() + OffsetsTable.MAX_HEADER_SPAN + 3L * TarHeaders.BLOCK;
    if (last.decompressedSize() > maxFinal) {
      throw new ArchiveException("the final frame of " + file + " holds " + last.decompressedSize()
          + " bytes, more than an offsets member within the limit of " + limits.maxMetadataBytes() + " bytes");
    }
    try (InputStream z = decompressor(last.compressedOffset(), table.dataLength())) {
      TarReader reader = new TarReader(z, last.uncompressedOffset(), file);
      TarEntry entry = reader.next();
      if (entry == null || !entry.isRegularFile() || !entry.name().equals(OFFSETS_MEMBER)) {
        throw new ArchiveException("the final frame of " + file + " (offset " + last.uncompressedOffset()
            + ") does not start with the " + OFFSETS_MEMBER + " member");
      }
      // Every listed member starts a frame of its own and the final frame is the table's, so the
      // seek table bounds how many entries the table can honestly hold, and so its size.
      long cap = OffsetsTable.maxBytes(table.frames(), limits);
      if (entry.size() > cap) {
        throw new ArchiveException(Documents.tooLarge(OFFSETS_MEMBER + " of " + file + " (" + entry.size()
            + " bytes for at most " + (table.frames() - 1) + " members, " + OffsetsTable.MAX_ENTRY_BYTES
            + " bytes each)", cap));
      }
      byte[] json = reader.content().readNBytes((int) entry.size());
      if (reader.next() != null) {
        throw new ArchiveException(OFFSETS_MEMBER + " of " + file + " is not followed by the end-of-archive blocks");
      }
      if (reader.position() != table.uncompressedLength() || readSome(z, last.uncompressedEnd()) >= 0) {
        throw new ArchiveException("the final frame of " + file + " does not end with the end-of-archive blocks"
            + " (the seek table says " + last.decompressedSize() + " bytes)");
      }
      return new Index(table, OffsetsTable.parse(json, last.uncompressedOffset(), limits, file));
    }
  }

  private InputStream decompressor(long from, long to) throws IOException {
    return Decompression.open(volumes.stream(from, to), limits);
  }

  private void skipExactly(InputStream z, long n, long from) throws IOException {
    byte[] buf = new byte[(int) Math.min(64 * 1024, Math.max(1, n))];
    long done = 0;
    while (done < n) {
      int r = readSome(z, from + done, buf, (int) Math.min(buf.length, n - done));
      if (r < 0) {
        throw new ArchiveException(file + " ends at uncompressed offset " + (from + done) + " inside a frame the"
            + " seek table says is longer");
      }
      done += r;
    }
  }

  private int readSome(InputStream z, long at) throws IOException {
    return readSome(z, at, new byte[1], 1);
  }

  private int readSome(InputStream z, long at, byte[] buf, int len) throws IOException {
    try {
      return z.read(buf, 0, len);
    } catch (ZstdIOException | ZstdException e) {
      throw Decompression.error(e, file, at);
    }
  }

  private void checkNotClosed() throws IOException {
    if (closed) {
      throw new IOException("the bundle archive " + file + " is closed");
    }
  }
}
