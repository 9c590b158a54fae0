package dev.airgap.bundle.importer.report;

import java.util.Set;
import java.util.regex.Pattern;

/** The bits of HCL native syntax the tfvars report needs: quoted strings and object keys. */
final class Hcl {
  /**
   * Bare keys stay within ASCII letters, digits, {@code _} and {@code -}, starting with a letter:
   * HCL accepts more (any Unicode ID_Start), but quoting is always correct and these are the
   * names people type.
   */
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  /**
   * Words that are identifiers but not literal keys: {@code true}, {@code false} and {@code null}
   * are literal values, and an object whose first key is {@code for} parses as a for expression.
   */
  private static final Set<String> KEYWORDS = Set.of("true", "false", "null", "for", "in", "if");

  private Hcl() {}

  /** {@code key} as written before {@code =} in an object constructor. */
  static String key(String key) {
    return BARE_KEY.matcher(key).matches() && !KEYWORDS.contains(key) ? key : quote(key);
  }

  /**
   * A quoted template that evaluates to exactly {@code text}. Besides the backslash escapes, the
   * template sequences must be neutralised: {@code ${} and {@code %{} start an interpolation or
   * a directive even inside quotes, and are written {@code $${} and {@code %%{}.
   */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean opensTemplate = i + 1 < text.length() && text.charAt(i + 1) == '{';
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '$', '%' -> out.append(c).append(opensTemplate ? String.valueOf(c) : "");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c); // HCL source is UTF-8; other characters need no escape
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
