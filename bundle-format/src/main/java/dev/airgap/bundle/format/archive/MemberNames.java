package dev.airgap.bundle.format.archive;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one rule for member names, applied by the writer before a name goes in and by every reader
 * before a name is believed: a canonical relative path of at most 255 UTF-8 bytes.
 */
final class MemberNames {
  static final int MAX_BYTES = 255;

  private MemberNames() {}

  /** Why {@code name} is not acceptable, or {@code null} if it is. */
  static String problem(String name) {
    if (name == null || name.isEmpty()) {
      return "is empty";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == 0) {
        return "contains a NUL byte";
      }
      if (c == '\\') {
        return "contains a backslash";
      }
      if (c < 0x20 || c == 0x7f) {
        return "contains a control character";
      }
    }
    if (name.charAt(0) == '/') {
      return "is an absolute path";
    }
    byte[] utf8;
    try {
      utf8 = encode(name);
    } catch (CharacterCodingException e) {
      return "is not valid Unicode";
    }
    if (utf8.length > MAX_BYTES) {
      return "is " + utf8.length + " bytes long, more than " + MAX_BYTES;
    }
    for (String segment : name.split("/", -1)) {
      if (segment.equals("..")) {
        return "contains a '..' segment";
      }
      if (segment.equals(".")) {
        return "contains a '.' segment";
      }
      if (segment.isEmpty()) {
        return "contains an empty segment ('//' or a trailing '/')";
      }
    }
    return null;
  }

  /** Throws {@link IllegalArgumentException} for a name the writer must refuse. */
  static void requireValid(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException("member name " + quote(name) + " " + problem);
    }
  }

  static byte[] encode(String name) throws CharacterCodingException {
    ByteBuffer b =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .encode(CharBuffer.wrap(name));
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** Strict UTF-8 decoding: malformed bytes are an error, never replaced. */
  static String decode(byte[] bytes, int off, int len) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, off, len))
        .toString();
  }

  /** A name made safe for an error message: quoted, control characters escaped, length capped. */
  static String quote(String name) {
    if (name == null) {
      return "(none)";
    }
    StringBuilder b = new StringBuilder("'");
    int limit = Math.min(name.length(), 300);
    for (int i = 0; i < limit; i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (limit < name.length()) {
      b.append("...");
    }
    return b.append('\'').toString();
  }
}
