package dev.airgap.bundle.exporter.catalog;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which releases of a catalog to export, as written after {@code --release}:
 *
 * <ul>
 *   <li>an exact version: {@code 1.2.3} (also matches {@code 1.2.3.0}; missing numbers are zero)
 *   <li>a wildcard: {@code 1.x}, {@code 1.2.x} (or {@code *}), and {@code x} or {@code *} for all
 *   <li>a range: comparisons with {@code >=, >, <=, <, =} separated by spaces, all of which must
 *       hold: {@code >=1.1 <1.3}
 *   <li>a comma-separated list of the above, matching what any of them matches: {@code 1.0, 1.2.x}
 * </ul>
 *
 * <p>Prereleases are ordinary versions here, ordered as semver orders them: {@code 1.2.x} matches
 * {@code 1.2.0-rc.1}, and {@code <1.3} matches {@code 1.3.0-rc.1} (which comes before 1.3.0).
 */
public sealed interface ReleaseSelector
    permits ReleaseSelector.Exact, ReleaseSelector.Wildcard, ReleaseSelector.Range, ReleaseSelector.AnyOf {

  boolean matches(Version version);

  /**
   * Parses selector text.
   *
   * @throws IllegalArgumentException saying which part is wrong and what is accepted
   */
  static ReleaseSelector parse(String text) {
    return SelectorParser.parse(text);
  }

  /** Matches the releases that compare equal to {@code version}. */
  record Exact(Version version) implements ReleaseSelector {
    public Exact {
      Objects.requireNonNull(version, "version");
    }

    @Override
    public boolean matches(Version v) {
      return v.sameAs(version);
    }

    @Override
    public String toString() {
      return version.toString();
    }
  }

  /** Matches versions whose first numbers are {@code prefix}; an empty prefix matches all. */
  record Wildcard(List<Long> prefix) implements ReleaseSelector {
    public Wildcard {
      prefix = List.copyOf(prefix);
    }

    @Override
    public boolean matches(Version v) {
      for (int i = 0; i < prefix.size(); i++) {
        if (v.number(i) != prefix.get(i)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return prefix.isEmpty() ? "x"
          : prefix.stream().map(String::valueOf).collect(Collectors.joining(".")) + ".x";
    }
  }

  /** How one comparison in a range compares. */
  enum Operator {
    GE(">="), GT(">"), LE("<="), LT("<"), EQ("=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    boolean holds(int comparison) {
      return switch (this) {
        case GE -> comparison >= 0;
        case GT -> comparison > 0;
        case LE -> comparison <= 0;
        case LT -> comparison < 0;
        case EQ -> comparison == 0;
      };
    }
  }

  /** One comparison of a range, such as {@code >=1.1}. */
  record Comparison(Operator operator, Version version) {
    public Comparison {
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(version, "version");
    }

    public boolean matches(Version v) {
      return operator.holds(v.compareTo(version));
    }

    @Override
    public String toString() {
      return operator.symbol() + version;
    }
  }

  /** Matches versions that satisfy every comparison. */
  record Range(List<Comparison> comparisons) implements ReleaseSelector {
    public Range {
      comparisons = List.copyOf(comparisons);
      if (comparisons.isEmpty()) {
        throw new IllegalArgumentException("a range needs at least one comparison");
      }
    }

    @Override
    public boolean matches(Version v) {
      return comparisons.stream().allMatch(c -> c.matches(v));
    }

    @Override
    public String toString() {
      return comparisons.stream().map(Comparison::toString).collect(Collectors.joining(" "));
    }
  }

  /** Matches what any alternative matches. */
  record AnyOf(List<ReleaseSelector> alternatives) implements ReleaseSelector {
    public AnyOf {
      alternatives = List.copyOf(alternatives);
      if (alternatives.isEmpty()) {
        throw new IllegalArgumentException("a list of selectors cannot be empty");
      }
    }

    @Override
    public boolean matches(Version v) {
      return alternatives.stream().anyMatch(s -> s.matches(v));
    }

    @Override
    public String toString() {
      return alternatives.stream().map(ReleaseSelector::toString).collect(Collectors.joining(", "));
    }
  }
}
