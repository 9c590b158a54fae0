package dev.airgap.bundle.format.archive;

import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdIOException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A strict, bounded tar reader over a (decompressing) stream.
 *
 * <p>It understands ustar and GNU headers, pax extended headers ({@code x}: {@code path},
 * {@code size}, {@code linkpath}) and GNU long names ({@code L}); it refuses global pax headers,
 * sparse files, bad checksums and anything that is not a tar header. Pax and long-name data are
 * capped, so no allocation follows a size the archive declares. Every error is an {@link
 * ArchiveException} that names the offset in the uncompressed stream. It decides nothing about
 * entry types or names: callers do.
 */
final class TarReader {
  static final int BLOCK = TarHeaders.BLOCK;
  static final int MAX_PAX_BYTES = 64 * 1024;
  static final int MAX_LONG_NAME_BYTES = 4096;

  private final InputStream in;
  private final String source;
  private final byte[] block = new byte[BLOCK];
  private final byte[] scratch = new byte[64 * 1024];
  private long position;
  /** Content bytes of the current entry not yet consumed, and its padding. */
  private long remaining;
  private int pendingPadding;
  private TarEntry current;
  private boolean ended;

  /**
   * @param in the uncompressed tar stream, positioned at {@code startOffset}
   * @param source what is being read, for messages (a file name)
   */
  TarReader(InputStream in, long startOffset, String source) {
    this.in = in;
    this.position = startOffset;
    this.source = source;
  }

  /** Offset in the uncompressed stream of the next byte this reader will consume. */
  long position() {
    return position;
  }

  /**
   * The next entry, or {@code null} at the end-of-archive marker (two zero blocks). Unread content
   * of the previous entry is skipped first.
   */
  TarEntry next() throws IOException {
    if (ended) {
      return null;
    }
    skipCurrent();
    long headerOffset = position;
    String paxPath = null;
    Long paxSize = null;
    String paxLink = null;
    String longName = null;
    boolean sawPax = false;
    boolean sawLongName = false;
    while (true) {
      long at = position;
      if (!readBlock(headerOffset == at ? "a tar header" : "the tar header that follows an extended header")) {
        throw new ArchiveException(
            source + " is truncated: it ends at offset " + at + " without the tar end-of-archive blocks");
      }
      if (isZero(block)) {
        if (at != headerOffset) {
          throw new ArchiveException(
              "an extended header at offset " + headerOffset + " in " + source + " is followed by an end-of-archive block");
        }
        if (!readBlock("the second end-of-archive block") ) {
          throw new ArchiveException(
              source + " is truncated: it ends at offset " + position + " after a single end-of-archive block");
        }
        if (!isZero(block)) {
          throw new ArchiveException(
              "a lone zero block at offset " + at + " in " + source + " is followed by data at offset " + (at + BLOCK));
        }
        ended = true;
        return null;
      }
      checkHeader(at);
      byte type = block[156];
      long size = headerSize(at);
      if (type == 'x' || type == 'X') {
        if (sawPax) {
          throw new ArchiveException("two pax extended headers in a row at offset " + at + " in " + source);
        }
        sawPax = true;
        byte[] data = readMeta(size, MAX_PAX_BYTES, "pax extended header", at);
        Map<String, String> records = parsePax(data, at);
        paxPath = records.get("path");
        paxLink = records.get("linkpath");
        String sizeText = records.get("size");
        if (sizeText != null) {
          paxSize = parseDecimal(sizeText, at);
        }
        continue;
      }
      if (type == 'L') {
        if (sawLongName) {
          throw new ArchiveException("two GNU long-name headers in a row at offset " + at + " in " + source);
        }
        sawLongName = true;
        byte[] data = readMeta(size, MAX_LONG_NAME_BYTES, "GNU long-name header", at);
        longName = decodeName(data, 0, nulTerminated(data, 0, data.length), at);
        continue;
      }
      if (type == 'g') {
        throw new ArchiveException("a global pax header at offset " + at + " in " + source + " is not accepted");
      }
      if (type == 'K') {
        throw new ArchiveException("a GNU long link-name header at offset " + at + " in " + source + " is not accepted");
      }
      String name;
      if (paxPath != null) {
        name = paxPath;
      } else if (longName != null) {
        name = longName;
      } else {
        name = ustarName(at);
      }
      // For messages only, so decoded leniently.
      String link = paxLink != null ? paxLink
          : new String(block, 157, nulTerminated(block, 157, 100), StandardCharsets.UTF_8);
      long entrySize = paxSize != null ? paxSize : size;
      current = new TarEntry(name, type, entrySize, headerOffset, position, link);
      remaining = entrySize;
      pendingPadding = TarHeaders.padding(entrySize);
      return current;
    }
  }

  /**
   * The current entry's content: exactly its size in bytes, then end of stream. Closing it does not
   * close the underlying stream; bytes left unread are skipped by the next {@link #next()}.
   */
  InputStream content() {
    TarEntry entry = current;
    return new InputStream() {
      private final byte[] one = new byte[1];

      @Override
      public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (current != entry) {
          throw new IOException("the content of " + MemberNames.quote(entry.name()) + " is no longer readable");
        }
        if (len == 0) {
          return 0;
        }
        if (remaining == 0) {
          return -1;
        }
        int n = readSome(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw new ArchiveException(
              "member " + MemberNames.quote(entry.name()) + " in " + source + " is truncated: the archive ends at offset "
                  + position + ", " + remaining + " bytes short of its declared size " + entry.size());
        }
        remaining -= n;
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = 0;
        byte[] buf = new byte[8192];
        while (skipped < n) {
          int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
          if (r < 0) {
            break;
          }
          skipped += r;
        }
        return skipped;
      }

      @Override
      public int available() {
        return 0;
      }

      @Override
      public void close() {
        // The scanner or the member stream owns the underlying stream.
      }
    };
  }

  /**
   * After the end-of-archive marker: only zero padding may follow until the end of the stream,
   * and at most {@code maxBytes} of it (reading stops with an error beyond).
   */
  void requireOnlyZerosToEnd(long maxPosition) throws IOException {
    byte[] buf = scratch;
    while (true) {
      int n = readSome(buf, 0, buf.length);
      if (n < 0) {
        return;
      }
      for (int i = 0; i < n; i++) {
        if (buf[i] != 0) {
          throw new ArchiveException(
              "trailing data after the end of the tar archive in " + source + " at offset " + (position - n + i));
        }
      }
      if (position > maxPosition) {
        throw new ArchiveException(
            "more than " + maxPosition + " uncompressed bytes in " + source + " (zero padding after the end of the archive)");
      }
    }
  }

  private void skipCurrent() throws IOException {
    byte[] buf = scratch;
    while (remaining > 0) {
      int n = readSome(buf, 0, (int) Math.min(buf.length, remaining));
      if (n < 0) {
        throw new ArchiveException(
            "member " + MemberNames.quote(current.name()) + " in " + source + " is truncated: the archive ends at offset "
                + position + ", " + remaining + " bytes short of its declared size " + current.size());
      }
      remaining -= n;
    }
    if (pendingPadding > 0) {
      int pad = pendingPadding;
      pendingPadding = 0;
      if (!readFully(buf, pad)) {
        throw new ArchiveException(
            source + " is truncated: it ends at offset " + position + " inside the padding of "
                + MemberNames.quote(current.name()));
      }
    }
    current = null;
  }

  private byte[] readMeta(long size, int cap, String what, long at) throws IOException {
    if (size > cap) {
      throw new ArchiveException(
          "the " + what + " at offset " + at + " in " + source + " declares " + size + " bytes, more than the " + cap
              + " accepted");
    }
    byte[] data = new byte[(int) size];
    if (!readFully(data, data.length)) {
      throw new ArchiveException(source + " is truncated: it ends at offset " + position + " inside the " + what + " at offset " + at);
    }
    int pad = TarHeaders.padding(size);
    if (pad > 0 && !readFully(scratch, pad)) {
      throw new ArchiveException(source + " is truncated: it ends at offset " + position + " inside the " + what + " at offset " + at);
    }
    return data;
  }

  private Map<String, String> parsePax(byte[] data, long at) {
    Map<String, String> records = new HashMap<>();
    int i = 0;
    while (i < data.length) {
      int space = i;
      long len = 0;
      while (space < data.length && data[space] >= '0' && data[space] <= '9' && space - i < 9) {
        len = len * 10 + (data[space] - '0');
        space++;
      }
      if (space == i || space >= data.length || data[space] != ' ' || len <= space - i + 1 || i + len > data.length
          || data[(int) (i + len - 1)] != '\n') {
        throw new ArchiveException("a malformed pax record at offset " + at + " in " + source);
      }
      int end = (int) (i + len - 1);
      int eq = space + 1;
      while (eq < end && data[eq] != '=') {
        eq++;
      }
      if (eq == end || eq == space + 1) {
        throw new ArchiveException("a malformed pax record at offset " + at + " in " + source);
      }
      String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
      String value;
      try {
        value = MemberNames.decode(data, eq + 1, end - eq - 1);
      } catch (CharacterCodingException e) {
        throw new ArchiveException("a pax record '" + key + "' at offset " + at + " in " + source + " is not valid UTF-8");
      }
      if (key.startsWith("GNU.sparse.")) {
        throw new ArchiveException("a sparse file (pax " + key + ") at offset " + at + " in " + source + " is not accepted");
      }
      if (records.put(key, value) != null) {
        throw new ArchiveException("a duplicate pax record '" + key + "' at offset " + at + " in " + source);
      }
      i += (int) len;
    }
    return records;
  }

  private long parseDecimal(String text, long at) {
    if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ArchiveException("a bad pax size '" + MemberNames.quote(text) + "' at offset " + at + " in " + source);
    }
    return Long.parseLong(text);
  }

  private void checkHeader(long at) {
    boolean posix = block[257] == 'u' && block[258] == 's' && block[259] == 't' && block[260] == 'a'
        && block[261] == 'r' && block[262] == 0;
    boolean gnu = block[257] == 'u' && block[258] == 's' && block[259] == 't' && block[260] == 'a'
        && block[261] == 'r' && block[262] == ' ' && block[263] == ' ' && block[264] == 0;
    if (!posix && !gnu) {
      throw new ArchiveException("no ustar tar header at offset " + at + " in " + source);
    }
    long stored = octal(148, 8, "checksum", at);
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < BLOCK; i++) {
      int b = (i >= 148 && i < 156) ? ' ' : block[i];
      unsigned += b & 0xff;
      signed += (i >= 148 && i < 156) ? ' ' : block[i];
    }
    if (stored != unsigned && stored != signed) {
      throw new ArchiveException("a tar header with a bad checksum at offset " + at + " in " + source);
    }
  }

  private long headerSize(long at) {
    if ((block[124] & 0x80) != 0) {
      // GNU base-256: first byte 0x80 marks a positive number in the remaining 11 bytes.
      if ((block[124] & 0xff) != 0x80) {
        throw new ArchiveException("a negative or malformed size field at offset " + at + " in " + source);
      }
      long value = 0;
      for (int i = 125; i < 136; i++) {
        if (value > (Long.MAX_VALUE >> 8)) {
          throw new ArchiveException("an oversized size field at offset " + at + " in " + source);
        }
        value = (value << 8) | (block[i] & 0xff);
      }
      return value;
    }
    return octal(124, 12, "size", at);
  }

  /** An octal field: optional leading spaces, digits, then only NULs or spaces. */
  private long octal(int off, int len, String field, long at) {
    int i = off;
    int end = off + len;
    while (i < end && block[i] == ' ') {
      i++;
    }
    long value = 0;
    int digits = 0;
    while (i < end && block[i] >= '0' && block[i] <= '7') {
      value = (value << 3) | (block[i] - '0');
      digits++;
      i++;
    }
    while (i < end && (block[i] == 0 || block[i] == ' ')) {
      i++;
    }
    if (i != end || digits == 0 || digits > 21) {
      throw new ArchiveException("a malformed " + field + " field in the tar header at offset " + at + " in " + source);
    }
    return value;
  }

  private String ustarName(long at) throws ArchiveException {
    String name = decodeName(block, 0, nulTerminated(block, 0, 100), at);
    boolean posix = block[262] == 0;
    if (posix && block[345] != 0) {
      String prefix = decodeName(block, 345, nulTerminated(block, 345, 155), at);
      return prefix + "/" + name;
    }
    return name;
  }

  private String decodeName(byte[] bytes, int off, int len, long at) {
    try {
      return MemberNames.decode(bytes, off, len);
    } catch (CharacterCodingException e) {
      throw new ArchiveException("a name that is not valid UTF-8 in the tar header at offset " + at + " in " + source);
    }
  }

  private static int nulTerminated(byte[] bytes, int off, int max) {
    int n = 0;
    while (n < max && bytes[off + n] != 0) {
      n++;
    }
    return n;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private boolean readBlock(String what) throws IOException {
    int n = 0;
    while (n < BLOCK) {
      int r = readSome(block, n, BLOCK - n);
      if (r < 0) {
        if (n == 0) {
          return false;
        }
        throw new ArchiveException(source + " is truncated: it ends at offset " + position + " inside " + what);
      }
      n += r;
    }
    return true;
  }

  private boolean readFully(byte[] buf, int len) throws IOException {
    int n = 0;
    while (n < len) {
      int r = readSome(buf, n, len - n);
      if (r < 0) {
        return false;
      }
      n += r;
    }
    return true;
  }

  /** One read from the underlying stream; decompression errors become archive errors. */
  private int readSome(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (ZstdIOException | ZstdException e) {
      throw Decompression.error(e, source, position);
    }
    if (n > 0) {
      position += n;
    }
    return n;
  }
}
