package dev.airgap.bundle.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The start line and header fields of an HTTP/1.1 message, kept in order and with their original
 * spelling, so that what the proxy forwards is what it received.
 */
final class HttpHead {

  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_FIELDS = 256;

  private final String startLine;
  private final List<Map.Entry<String, String>> fields;

  private HttpHead(String startLine, List<Map.Entry<String, String>> fields) {
    this.startLine = startLine;
    this.fields = List.copyOf(fields);
  }

  /** Reads a head, or returns null if the stream ends cleanly before one starts. */
  static HttpHead read(InputStream in) throws IOException {
    String startLine = readLine(in);
    // RFC 9112 asks a server to ignore empty lines before a request line.
    while (startLine != null && startLine.isEmpty()) {
      startLine = readLine(in);
    }
    if (startLine == null) {
      return null;
    }
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    for (String line = readLine(in); ; line = readLine(in)) {
      if (line == null) {
        throw new EOFException("connection closed inside an HTTP head");
      }
      if (line.isEmpty()) {
        return new HttpHead(startLine, fields);
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || fields.size() == MAX_FIELDS) {
        throw new IOException("malformed HTTP header line: " + line);
      }
      fields.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).trim()));
    }
  }

  /**
   * Reads one CRLF- (or bare LF-) terminated line as ISO-8859-1, or returns null at a clean end
   * of stream.
   */
  static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        if (line.size() == 0) {
          return null;
        }
        throw new EOFException("connection closed inside a line");
      }
      if (line.size() == MAX_LINE) {
        throw new IOException("HTTP line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  static HttpHead response(int status, String reason, List<Map.Entry<String, String>> fields) {
    return new HttpHead("HTTP/1.1 " + status + " " + reason, fields);
  }

  /** The three space-separated parts of the start line; the last may contain spaces. */
  String[] startLineParts() throws IOException {
    String[] parts = startLine.split(" ", 3);
    if (parts.length < 2) {
      throw new IOException("malformed HTTP start line: " + startLine);
    }
    return parts.length == 3 ? parts : new String[] {parts[0], parts[1], ""};
  }

  /** The status code of a response head. */
  int status() throws IOException {
    try {
      return Integer.parseInt(startLineParts()[1]);
    } catch (NumberFormatException e) {
      throw new IOException("malformed HTTP status line: " + startLine, e);
    }
  }

  List<String> values(String name) {
    return fields.stream().filter(field -> field.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue).toList();
  }

  String first(String name) {
    List<String> values = values(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** Whether a comma-separated field such as Connection lists {@code token}. */
  boolean hasToken(String name, String token) {
    return values(name).stream()
        .flatMap(value -> List.of(value.split(",")).stream())
        .anyMatch(element -> element.trim().equalsIgnoreCase(token));
  }

  /** Whether the connection may carry another message after this one. */
  boolean keepAlive(String version) {
    if (hasToken("Connection", "close")) {
      return false;
    }
    return "HTTP/1.1".equals(version) || hasToken("Connection", "keep-alive");
  }

  /** A copy with every {@code name} field replaced by one with {@code value}. */
  HttpHead with(String name, String value) {
    List<Map.Entry<String, String>> changed = new ArrayList<>(without(name).fields);
    changed.add(Map.entry(name, value));
    return new HttpHead(startLine, changed);
  }

  HttpHead without(String name) {
    return new HttpHead(startLine,
        fields.stream().filter(field -> !field.getKey().equalsIgnoreCase(name)).toList());
  }

  /** The fields by case-insensitive name, for recording. */
  Map<String, List<String>> fieldMap() {
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> field : fields) {
      map.computeIfAbsent(field.getKey().toLowerCase(Locale.ROOT), key -> new ArrayList<>())
          .add(field.getValue());
    }
    map.replaceAll((name, values) -> List.copyOf(values));
    return Collections.unmodifiableMap(map);
  }

  void writeTo(OutputStream out) throws IOException {
    StringBuilder head = new StringBuilder(startLine).append("\r\n");
    for (Map.Entry<String, String> field : fields) {
      head.append(field.getKey()).append(": ").append(field.getValue()).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }
}
