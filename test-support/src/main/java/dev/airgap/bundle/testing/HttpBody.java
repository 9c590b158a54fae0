package dev.airgap.bundle.testing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * How an HTTP/1.1 message body is delimited (RFC 9112 section 6.3), and copying it byte for byte,
 * chunk framing included, so the proxy never changes what it relays.
 */
record HttpBody(Framing framing, long length) {

  enum Framing { NONE, FIXED, CHUNKED, UNTIL_CLOSE }

  private static final HttpBody NONE = new HttpBody(Framing.NONE, 0);

  /** A request has a body only if it says so with Transfer-Encoding or Content-Length. */
  static HttpBody ofRequest(HttpHead request) throws IOException {
    HttpBody declared = declared(request);
    return declared != null ? declared : NONE;
  }

  /**
   * A response to HEAD, and any 1xx, 204 or 304, has no body whatever its headers say; otherwise
   * the headers decide, and without them the body runs to the end of the connection.
   */
  static HttpBody ofResponse(String requestMethod, int status, HttpHead response)
      throws IOException {
    if ("HEAD".equals(requestMethod) || status / 100 == 1 || status == 204 || status == 304) {
      return NONE;
    }
    HttpBody declared = declared(response);
    return declared != null ? declared : new HttpBody(Framing.UNTIL_CLOSE, -1);
  }

  private static HttpBody declared(HttpHead head) throws IOException {
    // Transfer-Encoding wins over Content-Length, which a sender must not combine with it.
    if (!head.values("Transfer-Encoding").isEmpty()) {
      if (!head.hasToken("Transfer-Encoding", "chunked")) {
        throw new IOException("unsupported Transfer-Encoding: " + head.values("Transfer-Encoding"));
      }
      return new HttpBody(Framing.CHUNKED, -1);
    }
    String contentLength = head.first("Content-Length");
    if (contentLength == null) {
      return null;
    }
    try {
      long length = Long.parseLong(contentLength.trim());
      if (length < 0) {
        throw new NumberFormatException(contentLength);
      }
      return length == 0 ? NONE : new HttpBody(Framing.FIXED, length);
    } catch (NumberFormatException e) {
      throw new IOException("malformed Content-Length: " + contentLength, e);
    }
  }

  boolean untilClose() {
    return framing == Framing.UNTIL_CLOSE;
  }

  /** Copies this body from {@code in} to {@code out} exactly as framed. */
  void copy(InputStream in, OutputStream out) throws IOException {
    switch (framing) {
      case NONE -> { }
      case FIXED -> copyExactly(in, out, length);
      case CHUNKED -> copyChunked(in, out);
      case UNTIL_CLOSE -> in.transferTo(out);
    }
  }

  private static void copyChunked(InputStream in, OutputStream out) throws IOException {
    while (true) {
      String sizeLine = requireLine(in);
      writeLine(out, sizeLine);
      long size;
      try {
        size = Long.parseLong(sizeLine.split(";", 2)[0].trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("malformed chunk size: " + sizeLine, e);
      }
      if (size == 0) {
        // Trailer fields, then the empty line that ends the message.
        for (String trailer = requireLine(in); ; trailer = requireLine(in)) {
          writeLine(out, trailer);
          if (trailer.isEmpty()) {
            return;
          }
        }
      }
      copyExactly(in, out, size);
      String end = requireLine(in);
      if (!end.isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
      writeLine(out, end);
    }
  }

  private static void copyExactly(InputStream in, OutputStream out, long count) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    long remaining = count;
    while (remaining > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (read < 0) {
        throw new EOFException("body ended " + remaining + " bytes early");
      }
      out.write(buffer, 0, read);
      remaining -= read;
    }
  }

  private static String requireLine(InputStream in) throws IOException {
    String line = HttpHead.readLine(in);
    if (line == null) {
      throw new EOFException("connection closed inside a chunked body");
    }
    return line;
  }

  private static void writeLine(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
  }
}
