package dev.airgap.bundle.registry;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.DigestMismatchException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A blob body that survives broken connections: when the stream fails or ends early it asks again
 * with {@code Range: bytes=N-} and continues only on a 206 whose {@code Content-Range} is exactly
 * the rest of the blob. The caller wraps it in a verifying stream, so every byte of the blob, first
 * part and resumed part alike, is hashed once and checked at the end.
 */
final class BlobDownload extends InputStream {
  private final Transport transport;
  private final Call call;
  private final Digest digest;
  private final long size;
  private InputStream current;
  private long position;
  private int resumes;
  private boolean closed;

  private BlobDownload(Transport transport, Call call, Digest digest, long size, InputStream first) {
    this.transport = transport;
    this.call = call;
    this.digest = digest;
    this.size = size;
    this.current = first;
  }

  static BlobDownload open(Transport transport, Call call, Digest digest, long size) {
    Response response = transport.expect(call, 200);
    checkDigestHeader(call, response, digest);
    response
        .contentLength()
        .filter(length -> length != size)
        .ifPresent(
            length -> {
              response.close();
              throw new DigestMismatchException(
                  call.target() + " is " + length + " bytes at the registry but " + size
                      + " bytes were expected");
            });
    return new BlobDownload(transport, call, digest, size, response.body());
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
    while (true) {
      if (position >= size) {
        // Let the verifier see anything a misbehaving server sends past the declared size.
        return current.read(b, off, len);
      }
      int n;
      try {
        n = current.read(b, off, len);
      } catch (IOException e) {
        resume(Transport.describe(e));
        continue;
      }
      if (n < 0) {
        resume("the connection closed after " + position + " of " + size + " bytes");
        continue;
      }
      position += n;
      return n;
    }
  }

  private void resume(String reason) throws IOException {
    closeQuietly(current);
    if (++resumes >= transport.retry().maxAttempts()) {
      throw new IOException(
          call.operation() + " " + call.target() + " failed after " + resumes + " tries: " + reason);
    }
    transport.listener().resuming(call.operation() + " " + call.target(), position);
    Response response = transport.send(call.header("Range", "bytes=" + position + "-"));
    String expectedRange = "bytes " + position + "-" + (size - 1) + "/" + size;
    String actualRange = response.header("Content-Range").orElse("");
    if (response.status() != 206 || !actualRange.equals(expectedRange)) {
      response.close();
      throw new IOException(
          call.operation() + " " + call.target() + " could not resume at byte " + position
              + ": the registry answered HTTP " + response.status()
              + (actualRange.isEmpty() ? "" : " with Content-Range " + actualRange)
              + " instead of 206 with " + expectedRange);
    }
    current = response.body();
  }

  static void checkDigestHeader(Call call, Response response, Digest expected) {
    response
        .header("Docker-Content-Digest")
        .filter(value -> !value.equals(expected.toString()))
        .ifPresent(
            value -> {
              response.close();
              throw new DigestMismatchException(
                  call.operation() + " " + call.target() + ": the registry reports digest "
                      + value + " but " + expected + " was expected");
            });
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      current.close();
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // The connection is already broken; nothing to salvage.
    }
  }
}
