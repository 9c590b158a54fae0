package dev.airgap.bundle.registry;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Scrubs secrets from text a server sent back before it goes into a message: error pages and
 * error bodies that echo the request (its password, its Basic header, its token).
 *
 * <p>Redaction comes before truncation, and a cut that falls inside a secret masks the part that
 * is left, so neither a whole secret nor its beginning survives.
 */
public final class Redactor {
  private static final String MASK = "****";

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    this.secrets = secrets;
  }

  /** Scrubs every form of a secret given here; empty values are ignored. */
  public static Redactor of(Collection<Secret> secrets) {
    return new Redactor(secrets.stream()
        .map(Secret::reveal)
        .filter(s -> !s.isEmpty())
        .distinct()
        // Longest first, so that a secret containing another is masked whole.
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList());
  }

  /** {@code text} with every whole secret replaced by {@code ****}. */
  public String redact(String text) {
    String out = Objects.requireNonNull(text, "text");
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    return out;
  }

  /**
   * {@code text} redacted, then cut to {@code maxChars} (marked by "…") without leaving the
   * beginning of a secret that the cut went through.
   */
  public String shorten(String text, int maxChars) {
    String out = redact(text);
    if (out.length() <= maxChars) {
      return out;
    }
    return maskCutSecret(out.substring(0, maxChars)) + "…";
  }

  /** Masks the end of {@code cut} when it is the start of a secret. */
  private String maskCutSecret(String cut) {
    int longest = 0;
    for (String secret : secrets) {
      for (int n = Math.min(secret.length() - 1, cut.length()); n > longest; n--) {
        if (cut.regionMatches(cut.length() - n, secret, 0, n)) {
          longest = n;
          break;
        }
      }
    }
    return longest == 0 ? cut : cut.substring(0, cut.length() - longest) + MASK;
  }
}
