package dev.airgap.bundle.format.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes POSIX.1-2001 (pax) tar headers: a ustar header block, preceded by a pax extended header
 * when the name does not fit ustar (longer than 100 bytes or not ASCII) or the size is 8 GiB or
 * more. Every field is fixed (mode 0644, or 0755 for the executables of the carried tool; uid/gid
 * 0, mtime 0, empty user and group names) so the same content always gives the same bytes.
 */
final class TarHeaders {
  static final int BLOCK = 512;
  static final byte REGULAR = '0';
  static final byte PAX = 'x';
  /** Largest size the 11 octal digits of a ustar size field hold (8 GiB - 1). */
  static final long MAX_USTAR_SIZE = 077777777777L;

  private static final int NAME_LEN = 100;
  private static final int PLAIN_MODE = 0644;
  private static final int EXECUTABLE_MODE = 0755;

  private TarHeaders() {}

  /** The header blocks for a regular file; {@code name} must already be valid. */
  static byte[] regularFile(String name, long size) {
    return header(name, size, REGULAR, "", PLAIN_MODE);
  }

  /** The header blocks for a regular file with mode 0755. */
  static byte[] executableFile(String name, long size) {
    return header(name, size, REGULAR, "", EXECUTABLE_MODE);
  }

  /**
   * Header blocks for any entry type. Package-private and unvalidated on purpose: tests use it to
   * build hostile archives.
   */
  static byte[] header(String name, long size, byte type, String linkName) {
    return header(name, size, type, linkName, PLAIN_MODE);
  }

  private static byte[] header(String name, long size, byte type, String linkName, int mode) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    boolean paxPath = nameBytes.length > NAME_LEN || !isAscii(nameBytes);
    boolean paxSize = size > MAX_USTAR_SIZE;
    ByteArrayOutputStream out = new ByteArrayOutputStream(3 * BLOCK);
    if (paxPath || paxSize) {
      ByteArrayOutputStream records = new ByteArrayOutputStream();
      if (paxPath) {
        paxRecord(records, "path", name);
      }
      if (paxSize) {
        paxRecord(records, "size", Long.toString(size));
      }
      byte[] data = records.toByteArray();
      out.writeBytes(ustar(paxHeaderName(nameBytes), data.length, PAX, new byte[0], PLAIN_MODE));
      out.writeBytes(data);
      out.writeBytes(new byte[padding(data.length)]);
    }
    byte[] ustarName = paxPath ? asciiFallback(nameBytes) : nameBytes;
    out.writeBytes(ustar(ustarName, paxSize ? 0 : size, type, linkName.getBytes(StandardCharsets.UTF_8), mode));
    return out.toByteArray();
  }

  /** Zero bytes needed after {@code size} content bytes to reach a block boundary. */
  static int padding(long size) {
    return (int) ((BLOCK - (size % BLOCK)) % BLOCK);
  }

  /** {@code size} rounded up to whole blocks. */
  static long padded(long size) {
    return size + padding(size);
  }

  private static byte[] ustar(byte[] name, long size, byte type, byte[] linkName, int mode) {
    byte[] h = new byte[BLOCK];
    System.arraycopy(name, 0, h, 0, Math.min(name.length, NAME_LEN));
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, 0);
    h[156] = type;
    System.arraycopy(linkName, 0, h, 157, Math.min(linkName.length, NAME_LEN));
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    octal(h, 329, 8, 0);
    octal(h, 337, 8, 0);
    // Checksum: sum of all bytes with the checksum field read as spaces; six octal digits, NUL, space.
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    h[155] = ' ';
    return h;
  }

  /** Zero-padded octal in {@code len - 1} digits followed by NUL. */
  private static void octal(byte[] h, int off, int len, long value) {
    String digits = Long.toOctalString(value);
    int width = len - 1;
    if (digits.length() > width) {
      throw new IllegalArgumentException("value " + value + " does not fit a " + len + "-byte tar field");
    }
    int pad = width - digits.length();
    for (int i = 0; i < pad; i++) {
      h[off + i] = '0';
    }
    for (int i = 0; i < digits.length(); i++) {
      h[off + pad + i] = (byte) digits.charAt(i);
    }
    h[off + width] = 0;
  }

  /** One pax record, {@code "<len> <key>=<value>\n"}, where len counts the whole record. */
  private static void paxRecord(ByteArrayOutputStream out, String key, String value) {
    byte[] kv = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
    int len = kv.length;
    int total = len + Integer.toString(len).length();
    if (Integer.toString(total).length() != Integer.toString(len).length()) {
      total = len + Integer.toString(total).length();
    }
    out.writeBytes(Integer.toString(total).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(kv);
  }

  /** Name of the pax header entry itself: {@code PaxHeaders/<last segment>}, ASCII, ≤ 100 bytes. */
  private static byte[] paxHeaderName(byte[] nameBytes) {
    int slash = -1;
    for (int i = 0; i < nameBytes.length; i++) {
      if (nameBytes[i] == '/') {
        slash = i;
      }
    }
    byte[] leaf = new byte[nameBytes.length - slash - 1];
    System.arraycopy(nameBytes, slash + 1, leaf, 0, leaf.length);
    byte[] prefix = "PaxHeaders/".getBytes(StandardCharsets.US_ASCII);
    byte[] safeLeaf = asciiFallback(leaf);
    int leafLen = Math.min(safeLeaf.length, NAME_LEN - prefix.length);
    byte[] out = new byte[prefix.length + leafLen];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(safeLeaf, 0, out, prefix.length, leafLen);
    return out;
  }

  /** What a reader that ignores pax headers sees: the name cut to 100 bytes, non-ASCII as '_'. */
  private static byte[] asciiFallback(byte[] nameBytes) {
    byte[] out = new byte[Math.min(nameBytes.length, NAME_LEN)];
    for (int i = 0; i < out.length; i++) {
      byte b = nameBytes[i];
      out[i] = (b & 0x80) != 0 ? (byte) '_' : b;
    }
    return out;
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if ((b & 0x80) != 0) {
        return false;
      }
    }
    return true;
  }
}
