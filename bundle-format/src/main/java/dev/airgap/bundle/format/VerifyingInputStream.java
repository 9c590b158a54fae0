package dev.airgap.bundle.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Hashes bytes as they pass and checks size and digest when the stream ends.
 *
 * <p>The declared size is a hard cap: one byte beyond it fails at once, so a hostile source cannot
 * make us read without bound. Reaching end of stream early, or with a different digest, fails
 * too. Callers therefore see either the exact expected bytes followed by a normal end of stream,
 * or an exception; never unverified content presented as complete.
 */
public final class VerifyingInputStream extends FilterInputStream {
  private final Digest expected;
  private final long expectedSize;
  private final String what;
  private final MessageDigest hasher;
  private long seen;
  private boolean verified;

  public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, String what) {
    super(in);
    if (expectedSize < 0) {
      throw new IllegalArgumentException("negative size for " + what);
    }
    this.expected = expected;
    this.expectedSize = expectedSize;
    this.what = what;
    this.hasher = expected.newHasher();
  }

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
    // Ask for one byte more than remains so an oversize source is noticed at the boundary.
    long remaining = expectedSize - seen;
    int ask = (int) Math.min(len, remaining + 1);
    int n = super.read(b, off, ask);
    if (n < 0) {
      verifyAtEnd();
      return -1;
    }
    seen += n;
    if (seen > expectedSize) {
      throw new DigestMismatchException(
          what + " is larger than its declared size of " + expectedSize + " bytes");
    }
    hasher.update(b, off, n);
    if (seen == expectedSize) {
      // Check as soon as the last byte arrives: consumers that read exactly the declared size
      // (an upload body, an archive member) never ask for the end of stream.
      verifyAtEnd();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipping would leave bytes unhashed; read through instead.
    byte[] buf = new byte[8192];
    long total = 0;
    while (total < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - total));
      if (r < 0) {
        break;
      }
      total += r;
    }
    return total;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /**
   * Confirms the stream is complete and verified, for consumers that stop after exactly the
   * declared size without reading to end of stream: reads on to the end and checks.
   */
  public void finish() throws IOException {
    byte[] rest = new byte[8192];
    while (read(rest, 0, rest.length) >= 0) {
      // Nothing should remain; read() fails as soon as more than the declared size arrives.
    }
  }

  /** Bytes that have passed so far. */
  public long position() {
    return seen;
  }

  public boolean isVerified() {
    return verified;
  }

  private void verifyAtEnd() {
    if (verified) {
      return;
    }
    if (seen != expectedSize) {
      throw new DigestMismatchException(
          what + " ended after " + seen + " of its declared " + expectedSize + " bytes");
    }
    Digest actual = Digest.fromHash(expected.algorithm(), hasher.digest());
    if (!actual.equals(expected)) {
      throw new DigestMismatchException(
          what + " has digest " + actual + " but " + expected + " was expected");
    }
    verified = true;
  }
}
