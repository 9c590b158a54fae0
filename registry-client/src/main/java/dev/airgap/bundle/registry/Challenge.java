package dev.airgap.bundle.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One {@code WWW-Authenticate} challenge: a scheme and its parameters (RFC 7235). */
public record Challenge(String scheme, Map<String, String> params) {
  public Challenge {
    scheme = scheme.toLowerCase(Locale.ROOT);
    params = Map.copyOf(params);
  }

  public boolean isBearer() {
    return scheme.equals("bearer");
  }

  public boolean isBasic() {
    return scheme.equals("basic");
  }

  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name));
  }

  /** Parses every challenge of a header value; unknown syntax yields what could be read. */
  public static List<Challenge> parseAll(String header) {
    List<Challenge> out = new ArrayList<>();
    if (header == null) {
      return out;
    }
    Cursor c = new Cursor(header);
    while (c.skipSpaceAndCommas()) {
      String scheme = c.token();
      if (scheme.isEmpty()) {
        break;
      }
      Map<String, String> params = new LinkedHashMap<>();
      while (true) {
        int mark = c.pos;
        c.skipSpaceAndCommas();
        String name = c.token();
        c.skipSpace();
        if (name.isEmpty() || !c.consume('=')) {
          c.pos = mark; // not a parameter: the next challenge's scheme starts here
          break;
        }
        c.skipSpace();
        params.put(name.toLowerCase(Locale.ROOT), c.peek() == '"' ? c.quoted() : c.token());
      }
      out.add(new Challenge(scheme, params));
    }
    return out;
  }

  private static final class Cursor {
    final String s;
    int pos;

    Cursor(String s) {
      this.s = s;
    }

    char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean skipSpaceAndCommas() {
      while (pos < s.length() && (Character.isWhitespace(s.charAt(pos)) || s.charAt(pos) == ',')) {
        pos++;
      }
      return pos < s.length();
    }

    boolean consume(char ch) {
      if (peek() == ch) {
        pos++;
        return true;
      }
      return false;
    }

    String token() {
      int start = pos;
      while (pos < s.length()) {
        char ch = s.charAt(pos);
        if (Character.isWhitespace(ch) || ch == ',' || ch == '=' || ch == '"') {
          break;
        }
        pos++;
      }
      return s.substring(start, pos);
    }

    String quoted() {
      StringBuilder b = new StringBuilder();
      pos++; // opening quote
      while (pos < s.length()) {
        char ch = s.charAt(pos++);
        if (ch == '\\' && pos < s.length()) {
          b.append(s.charAt(pos++));
        } else if (ch == '"') {
          break;
        } else {
          b.append(ch);
        }
      }
      return b.toString();
    }
  }
}
