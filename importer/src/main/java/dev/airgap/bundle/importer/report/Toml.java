package dev.airgap.bundle.importer.report;

/** TOML basic strings, for the hand-written registries.conf and hosts.toml files. */
final class Toml {
  private Toml() {}

  /**
   * {@code text} as a TOML basic string (also usable as a quoted key). TOML forbids raw control
   * characters, DEL included, inside basic strings, so those are escaped; everything else is
   * written as is, the file being UTF-8.
   */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
