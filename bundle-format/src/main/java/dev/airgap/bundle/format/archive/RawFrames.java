package dev.airgap.bundle.format.archive;

import java.io.IOException;

/**
 * Writes a zstd frame (RFC 8878) whose blocks are all raw: the content as it is, behind a 9-byte
 * frame header and a 3-byte header per block of at most 128 KiB. Every zstd decoder reads it; no
 * compression runs, so storing costs what copying costs.
 *
 * <p>The frame header is the single-segment form (window = content size, as a one-shot compressed
 * frame of the same size has) with a 4-byte {@code Frame_Content_Size} and no {@code
 * Content_Checksum}: the member's digest in the signed index covers the content.
 */
final class RawFrames {
  /** {@code Block_Maximum_Size}: the largest raw block a decoder accepts. */
  static final int MAX_BLOCK = 128 * 1024;

  private static final byte[] MAGIC = {(byte) 0x28, (byte) 0xB5, (byte) 0x2F, (byte) 0xFD};
  /** FCS_Field_Size 2 (4 bytes), Single_Segment 1, no checksum, no dictionary. */
  private static final int DESCRIPTOR = 0xA0;

  private RawFrames() {}

  /** The frame's size on disk for {@code length} content bytes (1 to 2^30). */
  static int frameSize(int length) {
    int blocks = (length + MAX_BLOCK - 1) / MAX_BLOCK;
    return MAGIC.length + 1 + 4 + 3 * blocks + length;
  }

  /** Writes {@code content[0, length)} as one raw frame; returns its size on disk. */
  static int write(byte[] content, int length, VolumeSink sink) throws IOException {
    if (length < 1) {
      throw new IllegalArgumentException("a raw frame holds at least one byte");
    }
    byte[] header = new byte[MAGIC.length + 1 + 4];
    System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
    header[4] = (byte) DESCRIPTOR;
    header[5] = (byte) length;
    header[6] = (byte) (length >>> 8);
    header[7] = (byte) (length >>> 16);
    header[8] = (byte) (length >>> 24);
    sink.write(header, 0, header.length);
    byte[] blockHeader = new byte[3];
    for (int off = 0; off < length; off += MAX_BLOCK) {
      int n = Math.min(MAX_BLOCK, length - off);
      int last = off + n == length ? 1 : 0;
      int value = (n << 3) | last; // Block_Type 0: raw
      blockHeader[0] = (byte) value;
      blockHeader[1] = (byte) (value >>> 8);
      blockHeader[2] = (byte) (value >>> 16);
      sink.write(blockHeader, 0, 3);
      sink.write(content, off, n);
    }
    return frameSize(length);
  }
}
