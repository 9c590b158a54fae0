package dev.airgap.bundle.format.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The zstd seekable-format seek table at the end of a bundle, read and validated without
 * trusting its declared counts: the number of frames is capped before anything is read, every
 * entry is checked while streaming through the table, and only every {@value #SAMPLE}th running
 * total is kept in memory. A lookup reads one stretch of at most {@value #SAMPLE} entries back.
 *
 * <p>Layout (little-endian): skippable frame magic {@code 0x184D2A5E}, frame size, then per frame
 * {@code Compressed_Size} (4), {@code Decompressed_Size} (4) and, only if the descriptor's checksum
 * bit is set, a 4-byte checksum; then the footer: {@code Number_Of_Frames} (4), descriptor (1),
 * seekable magic {@code 0x8F92EAB1}.
 */
final class SeekTable {
  static final int SKIPPABLE_MAGIC = 0x184D2A5E;
  static final int SEEKABLE_MAGIC = 0x8F92EAB1;
  static final int FOOTER_SIZE = 9;
  /** The seekable format's own limit on frames (zstd's ZSTD_SEEKABLE_MAXFRAMES). */
  static final int MAX_FRAMES = 0x8000000;
  /** Largest decompressed frame accepted (zstd's ZSTD_SEEKABLE_MAX_FRAME_DECOMPRESSED_SIZE). */
  static final long MAX_FRAME_DECOMPRESSED = 1L << 30;
  /** Smallest frame a writer makes inside a member; bounds how many frames a bundle may have. */
  static final int MIN_FRAME_SIZE = 64 * 1024;
  static final int SAMPLE = 256;

  /** A data frame: where it sits in the file and in the uncompressed stream. */
  record Frame(int index, long compressedOffset, long compressedSize, long uncompressedOffset, long decompressedSize) {
    long uncompressedEnd() {
      return uncompressedOffset + decompressedSize;
    }
  }

  private final VolumeSet volumes;
  private final int frames;
  private final int entrySize;
  /** Offset in the file of the first seek-table entry. */
  private final long entriesOffset;
  /** Compressed bytes of the data frames: where the seek-table frame starts. */
  private final long dataLength;
  private final long uncompressedLength;
  private final long[] sampleCompressed;
  private final long[] sampleUncompressed;

  private SeekTable(VolumeSet volumes, int frames, int entrySize, long entriesOffset, long dataLength,
      long uncompressedLength, long[] sampleCompressed, long[] sampleUncompressed) {
    this.volumes = volumes;
    this.frames = frames;
    this.entrySize = entrySize;
    this.entriesOffset = entriesOffset;
    this.dataLength = dataLength;
    this.uncompressedLength = uncompressedLength;
    this.sampleCompressed = sampleCompressed;
    this.sampleUncompressed = sampleUncompressed;
  }

  /** Encodes a seek table frame (no checksums) for frames of the given sizes. */
  static byte[] encode(IntList compressedSizes, IntList decompressedSizes) {
    int n = compressedSizes.size();
    long frameSize = (long) n * 8 + FOOTER_SIZE;
    if (n > MAX_FRAMES) {
      throw new IllegalStateException(n + " frames, more than the seekable format's " + MAX_FRAMES);
    }
    ByteBuffer b = ByteBuffer.allocate((int) (8 + frameSize)).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(SKIPPABLE_MAGIC);
    b.putInt((int) frameSize);
    for (int i = 0; i < n; i++) {
      b.putInt(compressedSizes.get(i));
      b.putInt(decompressedSizes.get(i));
    }
    b.putInt(n);
    b.put((byte) 0);
    b.putInt(SEEKABLE_MAGIC);
    return b.array();
  }

  /** Reads and checks the seek table at the end of {@code volumes}. */
  static SeekTable read(VolumeSet volumes, ReaderLimits limits) throws IOException {
    String file = volumes.describe();
    long length = volumes.length();
    if (length < 8 + FOOTER_SIZE) {
      throw noTable(file);
    }
    ByteBuffer footer = ByteBuffer.allocate(FOOTER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    volumes.readFully(footer, length - FOOTER_SIZE);
    footer.flip();
    long declaredFrames = Integer.toUnsignedLong(footer.getInt());
    int descriptor = footer.get() & 0xff;
    if (footer.getInt() != SEEKABLE_MAGIC) {
      throw noTable(file);
    }
    if ((descriptor & 0x7c) != 0) {
      throw new ArchiveException("the seek table of " + file + " sets reserved descriptor bits (0x"
          + Integer.toHexString(descriptor) + ")");
    }
    int entrySize = (descriptor & 0x80) != 0 ? 12 : 8;
    long cap = Math.min(MAX_FRAMES, limits.maxMembers() + 1 + limits.maxTotalBytes() / MIN_FRAME_SIZE);
    if (declaredFrames == 0 || declaredFrames > cap) {
      throw new ArchiveException("the seek table of " + file + " declares " + declaredFrames + " frames; between 1 and "
          + cap + " are accepted");
    }
    int frames = (int) declaredFrames;
    long tableFrameSize = frames * (long) entrySize + FOOTER_SIZE;
    long tableStart = length - 8 - tableFrameSize;
    if (tableStart < 0) {
      throw new ArchiveException("the seek table of " + file + " declares " + frames + " frames, more than the "
          + length + "-byte file can hold");
    }
    ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    volumes.readFully(head, tableStart);
    head.flip();
    int magic = head.getInt();
    long declaredSize = Integer.toUnsignedLong(head.getInt());
    if (magic != SKIPPABLE_MAGIC || declaredSize != tableFrameSize) {
      throw new ArchiveException("the seek table of " + file + " is damaged: its skippable frame header at byte "
          + tableStart + " does not match its footer");
    }
    long entriesOffset = tableStart + 8;
    int samples = (frames + SAMPLE - 1) / SAMPLE;
    long[] sampleCompressed = new long[samples];
    long[] sampleUncompressed = new long[samples];
    long compressed = 0;
    long uncompressed = 0;
    int chunkEntries = 4096;
    ByteBuffer chunk = ByteBuffer.allocate(chunkEntries * entrySize).order(ByteOrder.LITTLE_ENDIAN);
    for (int first = 0; first < frames; first += chunkEntries) {
      int count = Math.min(chunkEntries, frames - first);
      chunk.clear().limit(count * entrySize);
      volumes.readFully(chunk, entriesOffset + (long) first * entrySize);
      chunk.flip();
      for (int k = 0; k < count; k++) {
        int i = first + k;
        long c = Integer.toUnsignedLong(chunk.getInt());
        long d = Integer.toUnsignedLong(chunk.getInt());
        if (entrySize == 12) {
          chunk.getInt();
        }
        if (i % SAMPLE == 0) {
          sampleCompressed[i / SAMPLE] = compressed;
          sampleUncompressed[i / SAMPLE] = uncompressed;
        }
        if (c == 0 || d == 0 || d > MAX_FRAME_DECOMPRESSED) {
          throw new ArchiveException("the seek table of " + file + " is damaged: frame " + i + " claims " + c
              + " compressed and " + d + " decompressed bytes");
        }
        compressed += c;
        uncompressed += d;
        if (compressed > tableStart) {
          throw new ArchiveException("the seek table of " + file + " is damaged: frame " + i + " ends at byte "
              + compressed + ", beyond the " + tableStart + " bytes of compressed data");
        }
        if (uncompressed > limits.maxTotalBytes()) {
          throw new ArchiveException("the seek table of " + file + " describes more than " + limits.maxTotalBytes()
              + " uncompressed bytes, the limit");
        }
      }
    }
    if (compressed != tableStart) {
      throw new ArchiveException("the seek table of " + file + " is damaged: its frames add up to " + compressed
          + " bytes, but the seek table starts at byte " + tableStart);
    }
    if (uncompressed % TarHeaders.BLOCK != 0) {
      throw new ArchiveException("the seek table of " + file + " is damaged: " + uncompressed
          + " uncompressed bytes are not a whole number of tar blocks");
    }
    return new SeekTable(volumes, frames, entrySize, entriesOffset, tableStart, uncompressed, sampleCompressed,
        sampleUncompressed);
  }

  private static ArchiveException noTable(String file) {
    return new ArchiveException(file + " does not end with a zstd seek table (a plain tar.zst, a truncated bundle,"
        + " or bytes appended after it): random access is not possible, a sequential scan still is");
  }

  int frames() {
    return frames;
  }

  /** Where the seek-table frame starts: the end of the data frames. */
  long dataLength() {
    return dataLength;
  }

  long uncompressedLength() {
    return uncompressedLength;
  }

  Frame last() throws IOException {
    return frameAt(uncompressedLength - 1);
  }

  /** The frame holding uncompressed byte {@code offset}. */
  Frame frameAt(long offset) throws IOException {
    if (offset < 0 || offset >= uncompressedLength) {
      throw new ArchiveException("offset " + offset + " lies outside the " + uncompressedLength
          + " uncompressed bytes of " + volumes.describe());
    }
    int lo = 0;
    int hi = sampleUncompressed.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (sampleUncompressed[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int first = lo * SAMPLE;
    int count = Math.min(SAMPLE, frames - first);
    ByteBuffer chunk = ByteBuffer.allocate(count * entrySize).order(ByteOrder.LITTLE_ENDIAN);
    volumes.readFully(chunk, entriesOffset + (long) first * entrySize);
    chunk.flip();
    long c = sampleCompressed[lo];
    long u = sampleUncompressed[lo];
    for (int k = 0; k < count; k++) {
      long cs = Integer.toUnsignedLong(chunk.getInt());
      long ds = Integer.toUnsignedLong(chunk.getInt());
      if (entrySize == 12) {
        chunk.getInt();
      }
      if (offset < u + ds) {
        return new Frame(first + k, c, cs, u, ds);
      }
      c += cs;
      u += ds;
    }
    // The table was validated when read; the file changed underneath.
    throw new ArchiveException("the seek table of " + volumes.describe() + " changed while it was being read");
  }
}
