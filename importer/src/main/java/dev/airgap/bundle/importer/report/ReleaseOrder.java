package dev.airgap.bundle.importer.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders release versions the way the catalog does ({@code 1.9 < 1.10}, {@code 2.0-rc.1 < 2.0}),
 * so that "the highest release" means the same thing in reports as in {@code --latest}.
 *
 * <p>The importer only sees version strings from the bundle, so this is a small re-statement of
 * the semver-like order rather than a dependency on the exporter's catalog classes. Strings that
 * are not versions sort before all versions, alphabetically, so the order stays total.
 */
final class ReleaseOrder implements Comparator<String> {
  static final ReleaseOrder INSTANCE = new ReleaseOrder();

  private ReleaseOrder() {}

  @Override
  public int compare(String a, String b) {
    Parsed pa = Parsed.of(a);
    Parsed pb = Parsed.of(b);
    if (pa == null || pb == null) {
      if (pa != null) {
        return 1;
      }
      if (pb != null) {
        return -1;
      }
      return a.compareTo(b);
    }
    int c = pa.compareTo(pb);
    // 1.2 and 1.2.0 compare equal as versions; fall back to the text so the order stays total.
    return c != 0 ? c : a.compareTo(b);
  }

  private record Parsed(List<Long> numbers, List<String> prerelease) implements Comparable<Parsed> {
    static Parsed of(String text) {
      int dash = text.indexOf('-');
      String core = dash < 0 ? text : text.substring(0, dash);
      List<Long> numbers = new ArrayList<>();
      for (String part : core.split("\\.", -1)) {
        if (!isNumeric(part)) {
          return null;
        }
        numbers.add(Long.parseLong(part));
      }
      List<String> pre = dash < 0 ? List.of() : List.of(text.substring(dash + 1).split("\\.", -1));
      return new Parsed(numbers, pre);
    }

    @Override
    public int compareTo(Parsed o) {
      for (int i = 0; i < Math.max(numbers.size(), o.numbers.size()); i++) {
        int c = Long.compare(number(i), o.number(i));
        if (c != 0) {
          return c;
        }
      }
      // A release without a pre-release part is higher than any of its pre-releases.
      if (prerelease.isEmpty() || o.prerelease.isEmpty()) {
        return Boolean.compare(prerelease.isEmpty(), o.prerelease.isEmpty());
      }
      for (int i = 0; i < Math.min(prerelease.size(), o.prerelease.size()); i++) {
        int c = compareIdentifier(prerelease.get(i), o.prerelease.get(i));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(prerelease.size(), o.prerelease.size());
    }

    private long number(int i) {
      return i < numbers.size() ? numbers.get(i) : 0;
    }

    private static int compareIdentifier(String a, String b) {
      boolean numericA = isNumeric(a);
      boolean numericB = isNumeric(b);
      if (numericA && numericB) {
        return Long.compare(Long.parseLong(a), Long.parseLong(b));
      }
      if (numericA != numericB) {
        return numericA ? -1 : 1; // semver: numeric identifiers sort before alphanumeric ones
      }
      return a.compareTo(b);
    }

    private static boolean isNumeric(String s) {
      return !s.isEmpty() && s.length() <= 18 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
  }
}
