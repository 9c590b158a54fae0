package dev.airgap.bundle.importer.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict little parser for what {@link Tfvars} writes: comments, then {@code ident = { key =
 * "string" … }} with bare or quoted keys. It follows HCL's scanner where that matters for
 * escaping: backslash escapes, {@code $${} and {@code %%{} as literal {@code ${} and {@code %{},
 * and an unescaped {@code ${} or {@code %{} is an error (it would be an interpolation).
 */
final class HclMapParser {
  /** The variable and its map, keys in file order. */
  record Assignment(String variable, Map<String, String> map) {}

  private final String text;
  private int pos;

  private HclMapParser(String text) {
    this.text = text;
  }

  static Assignment parse(String text) {
    HclMapParser p = new HclMapParser(text);
    p.skipBlank(true);
    String variable = p.identifier();
    p.skipBlank(false);
    p.expect('=');
    p.skipBlank(false);
    p.expect('{');
    Map<String, String> map = new LinkedHashMap<>();
    while (true) {
      p.skipBlank(true);
      if (p.peek() == '}') {
        p.pos++;
        break;
      }
      String key = p.peek() == '"' ? p.string() : p.identifier();
      p.skipBlank(false);
      p.expect('=');
      p.skipBlank(false);
      String value = p.string();
      if (map.put(key, value) != null) {
        throw p.error("duplicate key " + key);
      }
      p.skipBlank(false);
      if (p.peek() != '\n' && p.peek() != '}') {
        throw p.error("expected a newline after an item");
      }
    }
    p.skipBlank(true);
    if (p.pos != text.length()) {
      throw p.error("trailing content");
    }
    return new Assignment(variable, map);
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  /** Spaces and comments; newlines too when {@code newlines}. */
  private void skipBlank(boolean newlines) {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || (newlines && c == '\n')) {
        pos++;
      } else if (newlines && c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private String identifier() {
    int start = pos;
    if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_' || text.charAt(pos) == '-')) {
        pos++;
      }
    }
    if (start == pos) {
      throw error("expected an identifier");
    }
    return text.substring(start, pos);
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = peek();
      pos++;
      switch (c) {
        case '"' -> {
          return out.toString();
        }
        case '\n', '\r' -> throw error("newline inside a quoted string");
        case '\\' -> out.append(escape());
        case '$', '%' -> {
          if (pos < text.length() && text.charAt(pos) == '{') {
            throw error("unescaped " + c + "{ starts a template sequence");
          }
          if (pos + 1 < text.length() && text.charAt(pos) == c && text.charAt(pos + 1) == '{') {
            pos += 2;
            out.append(c).append('{');
          } else {
            out.append(c);
          }
        }
        default -> {
          if (c < 0x20) {
            throw error("raw control character");
          }
          out.append(c);
        }
      }
    }
  }

  private String escape() {
    char c = peek();
    pos++;
    return switch (c) {
      case 'n' -> "\n";
      case 'r' -> "\r";
      case 't' -> "\t";
      case '"' -> "\"";
      case '\\' -> "\\";
      case 'u' -> hex(4);
      case 'U' -> hex(8);
      default -> throw error("unknown escape \\" + c);
    };
  }

  private String hex(int digits) {
    if (pos + digits > text.length()) {
      throw error("short unicode escape");
    }
    int code = Integer.parseInt(text.substring(pos, pos + digits), 16);
    pos += digits;
    return new String(Character.toChars(code));
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException(message + " at offset " + pos + " in:\n" + text);
  }
}
