package dev.airgap.bundle.format.archive;

import dev.airgap.bundle.format.Digest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The names seen by a scan, as 128-bit SHA-256 fingerprints in an open-addressing table: 16 bytes
 * a name however long it is. A collision could only make a scan report a duplicate that is not
 * one (a refusal, never an acceptance), and finding one costs about 2^64 hashes.
 */
final class NameSet {
  private final MessageDigest sha256 = Digest.newSha256();
  private long[] table = new long[2 * 1024];
  private int size;

  /** Adds {@code name}; false if it was already there. */
  boolean add(String name) {
    ByteBuffer h = ByteBuffer.wrap(sha256.digest(name.getBytes(StandardCharsets.UTF_8)));
    long hi = h.getLong();
    long lo = h.getLong();
    if (hi == 0 && lo == 0) {
      lo = 1; // (0, 0) marks an empty slot
    }
    if ((size + 1) * 4L > (table.length / 2) * 3L) {
      grow();
    }
    if (!insert(table, hi, lo)) {
      return false;
    }
    size++;
    return true;
  }

  int size() {
    return size;
  }

  private static boolean insert(long[] t, long hi, long lo) {
    int slots = t.length / 2;
    int i = (int) (lo & (slots - 1));
    while (true) {
      long h = t[2 * i];
      long l = t[2 * i + 1];
      if (h == 0 && l == 0) {
        t[2 * i] = hi;
        t[2 * i + 1] = lo;
        return true;
      }
      if (h == hi && l == lo) {
        return false;
      }
      i = (i + 1) & (slots - 1);
    }
  }

  private void grow() {
    long[] bigger = new long[table.length * 2];
    for (int i = 0; i < table.length; i += 2) {
      if (table[i] != 0 || table[i + 1] != 0) {
        insert(bigger, table[i], table[i + 1]);
      }
    }
    table = bigger;
  }
}
