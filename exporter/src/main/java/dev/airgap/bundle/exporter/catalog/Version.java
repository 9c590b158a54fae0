package dev.airgap.bundle.exporter.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A release version: numeric dot components ({@code 1}, {@code 1.2}, {@code 1.2.3}, …) with an
 * optional {@code -prerelease} suffix of dot-separated identifiers, ordered as semver orders them.
 *
 * <p>Missing components count as zero when comparing, so {@code 1.2} and {@code 1.2.0} compare
 * equal: they name the same release (a catalog may not list both), while {@link #equals} still
 * tells the spellings apart and {@link #toString} keeps the one that was written.
 */
public record Version(List<Long> numbers, List<String> prerelease) implements Comparable<Version> {
  private static final Pattern NUMBER = Pattern.compile("0|[1-9][0-9]{0,17}");
  private static final Pattern IDENTIFIER = Pattern.compile("[0-9A-Za-z-]+");
  private static final Pattern NUMERIC_IDENTIFIER = Pattern.compile("[0-9]+");
  private static final int MAX_LENGTH = 128;

  public Version {
    numbers = List.copyOf(numbers);
    prerelease = List.copyOf(prerelease);
    if (numbers.isEmpty()) {
      throw new IllegalArgumentException("a version needs at least one number");
    }
    for (Long n : numbers) {
      if (n < 0) {
        throw new IllegalArgumentException("version numbers cannot be negative");
      }
    }
    for (String id : prerelease) {
      checkIdentifier(id);
    }
  }

  /**
   * Parses {@code 1.2.3} or {@code 1.2.3-rc.1}.
   *
   * @throws IllegalArgumentException with a message saying what a version looks like
   */
  public static Version parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty() || text.length() > MAX_LENGTH) {
      throw invalid(text, "");
    }
    if (text.startsWith("v") || text.startsWith("V")) {
      throw invalid(text, "; write it without the leading 'v'");
    }
    if (text.contains("+")) {
      throw invalid(text, "; build metadata (+...) is not supported");
    }
    int dash = text.indexOf('-');
    String core = dash < 0 ? text : text.substring(0, dash);
    List<Long> numbers = new ArrayList<>();
    for (String part : core.split("\\.", -1)) {
      if (!NUMBER.matcher(part).matches()) {
        throw invalid(text, part.length() > 1 && part.startsWith("0") ? "; numbers have no leading zeros" : "");
      }
      numbers.add(Long.parseLong(part));
    }
    List<String> pre = new ArrayList<>();
    if (dash >= 0) {
      for (String id : text.substring(dash + 1).split("\\.", -1)) {
        try {
          checkIdentifier(id);
        } catch (IllegalArgumentException e) {
          throw invalid(text, "; " + e.getMessage());
        }
        pre.add(id);
      }
    }
    return new Version(numbers, pre);
  }

  /** The {@code index}-th number, zero beyond the written ones. */
  public long number(int index) {
    return index < numbers.size() ? numbers.get(index) : 0;
  }

  public boolean isPrerelease() {
    return !prerelease.isEmpty();
  }

  @Override
  public int compareTo(Version other) {
    int length = Math.max(numbers.size(), other.numbers.size());
    for (int i = 0; i < length; i++) {
      int c = Long.compare(number(i), other.number(i));
      if (c != 0) {
        return c;
      }
    }
    // A prerelease comes before its release: 1.2.0-rc.1 < 1.2.0.
    if (prerelease.isEmpty() || other.prerelease.isEmpty()) {
      return Boolean.compare(prerelease.isEmpty(), other.prerelease.isEmpty());
    }
    int shared = Math.min(prerelease.size(), other.prerelease.size());
    for (int i = 0; i < shared; i++) {
      int c = compareIdentifiers(prerelease.get(i), other.prerelease.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(prerelease.size(), other.prerelease.size());
  }

  /** Same release, whatever the spelling ({@code 1.2} and {@code 1.2.0}). */
  public boolean sameAs(Version other) {
    return compareTo(other) == 0;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < numbers.size(); i++) {
      s.append(i == 0 ? "" : ".").append(numbers.get(i));
    }
    if (!prerelease.isEmpty()) {
      s.append('-').append(String.join(".", prerelease));
    }
    return s.toString();
  }

  /** Semver: numeric identifiers compare as numbers and sort before alphanumeric ones. */
  private static int compareIdentifiers(String a, String b) {
    boolean aNum = NUMERIC_IDENTIFIER.matcher(a).matches();
    boolean bNum = NUMERIC_IDENTIFIER.matcher(b).matches();
    if (aNum && bNum) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
    if (aNum != bNum) {
      return aNum ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static void checkIdentifier(String id) {
    if (!IDENTIFIER.matcher(id).matches()) {
      throw new IllegalArgumentException("prerelease identifiers are letters, digits and '-', separated by dots");
    }
    if (id.length() > 1 && id.startsWith("0") && NUMERIC_IDENTIFIER.matcher(id).matches()) {
      throw new IllegalArgumentException("numeric prerelease identifiers have no leading zeros");
    }
  }

  private static IllegalArgumentException invalid(String text, String detail) {
    return new IllegalArgumentException("'" + text + "' is not a version (expected numbers separated by "
        + "dots, such as 1.2.3, optionally with a prerelease suffix such as 1.2.3-rc.1)" + detail);
  }
}
