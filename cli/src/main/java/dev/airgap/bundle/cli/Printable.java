package dev.airgap.bundle.cli;

/**
 * Text from a file or a server made safe for a terminal: control characters (C0, DEL, C1), line
 * and paragraph separators and bidirectional overrides are shown as escapes, so a name cannot
 * move the cursor, recolour the screen, fake extra output lines or reorder what is shown.
 */
final class Printable {
  private Printable() {}

  static String of(Object value) {
    String text = String.valueOf(value);
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String escape = escape(c);
      if (escape != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (escape != null) {
          out.append(escape);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private static String escape(char c) {
    return switch (c) {
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
          || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
          ? String.format("\\u%04x", (int) c)
          : null;
    };
  }
}
