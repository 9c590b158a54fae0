package dev.airgap.bundle.registry;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.DigestMismatchException;
import dev.airgap.bundle.format.IntegrityException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A blob body that survives broken connections: when the stream fails, stalls or ends early it
 * asks again with {@code Range: bytes=N-} and continues only on a 206 whose {@code Content-Range}
 * is exactly the rest of the blob. Any other answer is refused and the blob is fetched again from
 * byte zero, its first N bytes (already handed out) skipped. The caller wraps it in a verifying
 * stream, so every byte handed out, first part and resumed part alike, is hashed once and checked
 * at the end.
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
    return new BlobDownload(transport, call, digest, size, whole(transport, call, digest, size));
  }

  /** The whole blob's body, after checking what the answer declares about it. */
  private static InputStream whole(Transport transport, Call call, Digest digest, long size) {
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
    return response.body();
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
        resume(transport.failures().describe(e, call.uri()), e);
        continue;
      }
      if (n < 0) {
        resume("the connection closed after " + position + " of " + size + " bytes", null);
        continue;
      }
      position += n;
      return n;
    }
  }

  private void resume(String reason, IOException fault) throws IOException {
    closeQuietly(current);
    if (++resumes >= transport.retry().maxAttempts()) {
      String message = call.operation() + " " + call.target() + " failed after " + resumes + " tries: " + reason;
      // A stream fails with an IOException; its cause says it is the registry's (exit 4).
      throw new IOException(message, new RegistryException(message, 0, null, fault));
    }
    transport.listener().resuming(call.operation() + " " + call.target(), position);
    Response response = transport.send(call.header("Range", "bytes=" + position + "-"));
    String expectedRange = "bytes " + position + "-" + (size - 1) + "/" + size;
    String actualRange = response.header("Content-Range").orElse("");
    if (response.status() == 206 && actualRange.equals(expectedRange)) {
      current = response.body();
      return;
    }
    // Bytes from another range (or a whole body where a part was asked for) would be appended at
    // the wrong place; the only safe continuation is the blob from its start.
    response.close();
    transport.listener().retrying(call.operation() + " " + call.target(), resumes, java.time.Duration.ZERO,
        "the registry answered the resume at byte " + position + " with HTTP " + response.status()
            + (actualRange.isEmpty() ? "" : " and Content-Range " + actualRange) + " instead of 206 with "
            + expectedRange + "; fetching the blob again from its start");
    current = whole(transport, call, digest, size);
    current.skipNBytes(position); // handed out (and hashed) already
  }

  static void checkDigestHeader(Call call, Response response, Digest expected) {
    digestHeader(call, response)
        .filter(value -> !value.equals(expected))
        .ifPresent(
            value -> {
              response.close();
              throw new DigestMismatchException(
                  call.operation() + " " + call.target() + ": the registry reports digest "
                      + value + " but " + expected + " was expected");
            });
  }

  /**
   * The answer's {@code Docker-Content-Digest}, empty when absent; a value that is not a digest
   * is an error, never skipped, as a registry that garbles it cannot be trusted on the rest.
   */
  static Optional<Digest> digestHeader(Call call, Response response) {
    Optional<String> value = response.header("Docker-Content-Digest");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Optional<Digest> digest = Digest.tryParse(value.get());
    if (digest.isEmpty()) {
      response.close();
      throw new IntegrityException(
          call.operation() + " " + call.target() + ": the registry's Docker-Content-Digest header '"
              + printable(value.get()) + "' is not a digest");
    }
    return digest;
  }

  /** At most 100 characters, control characters escaped, so a hostile header cannot forge output. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().limit(100).forEach(c -> out.append(c < 0x20 || c == 0x7f
        ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
    return text.length() > 100 ? out + "..." : out.toString();
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
