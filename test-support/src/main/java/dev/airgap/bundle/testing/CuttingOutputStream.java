package dev.airgap.bundle.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes through the first {@code limit} bytes, pushes them out, then throws {@link Cut}, so that
 * the caller can reset the connection at exactly that point of a body.
 */
final class CuttingOutputStream extends FilterOutputStream {

  /** Signals that the limit was reached; not an I/O failure. */
  static final class Cut extends IOException {
    Cut(long limit) {
      super("body cut after " + limit + " bytes");
    }
  }

  private final long limit;
  private long written;

  CuttingOutputStream(OutputStream out, long limit) {
    super(out);
    this.limit = limit;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    long allowed = Math.min(length, limit - written);
    out.write(bytes, offset, (int) allowed);
    written += allowed;
    if (allowed < length) {
      out.flush();
      throw new Cut(limit);
    }
  }
}
