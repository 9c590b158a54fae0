package dev.airgap.bundle.exporter.catalog;

import dev.airgap.bundle.exporter.catalog.ReleaseSelector.Comparison;
import dev.airgap.bundle.exporter.catalog.ReleaseSelector.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text to {@link ReleaseSelector}; kept apart so the selector types stay plain values. */
final class SelectorParser {
  private static final String FORMS =
      "use a version (1.2.3), a wildcard (1.x, 1.2.x, x), a range ('>=1.1 <1.3') or a comma-separated list of these";
  private static final Pattern WILDCARD = Pattern.compile("((?:(?:0|[1-9][0-9]{0,17})\\.)*)[xX*](?:\\.[xX*])*");
  private static final Pattern COMPARISON = Pattern.compile("(>=|<=|>|<|=)(.*)");
  private static final Pattern OPERATOR_ONLY = Pattern.compile(">=|<=|>|<|=");

  private SelectorParser() {}

  static ReleaseSelector parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the release selector is empty; " + FORMS);
    }
    List<ReleaseSelector> alternatives = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String item = part.strip();
      if (item.isEmpty()) {
        throw new IllegalArgumentException("'" + text + "' has an empty item in its comma-separated list");
      }
      alternatives.add(item(item));
    }
    return alternatives.size() == 1 ? alternatives.get(0) : new ReleaseSelector.AnyOf(alternatives);
  }

  private static ReleaseSelector item(String item) {
    List<String> words = List.of(item.split("\\s+"));
    boolean hasOperator = words.stream().anyMatch(w -> COMPARISON.matcher(w).matches());
    if (hasOperator) {
      return range(item, words);
    }
    if (words.size() > 1) {
      throw new IllegalArgumentException("'" + item + "' has several versions without operators; "
          + "separate alternatives with commas, or write a range such as '>=1.1 <1.3'");
    }
    Matcher wildcard = WILDCARD.matcher(item);
    if (wildcard.matches()) {
      List<Long> prefix = new ArrayList<>();
      for (String n : wildcard.group(1).split("\\.")) {
        if (!n.isEmpty()) {
          prefix.add(Long.parseLong(n));
        }
      }
      return new ReleaseSelector.Wildcard(prefix);
    }
    if (item.matches(".*[xX*].*") && !item.contains("-")) {
      throw new IllegalArgumentException("'" + item + "' is not a wildcard: only the last numbers may be x "
          + "(1.x, 1.2.x); " + FORMS);
    }
    return new ReleaseSelector.Exact(version(item, item));
  }

  private static ReleaseSelector range(String item, List<String> words) {
    List<Comparison> comparisons = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      // Accept ">= 1.1" as well as ">=1.1".
      if (OPERATOR_ONLY.matcher(word).matches() && i + 1 < words.size()) {
        word = word + words.get(++i);
      }
      Matcher m = COMPARISON.matcher(word);
      if (!m.matches()) {
        throw new IllegalArgumentException("'" + word + "' in '" + item + "' has no operator; in a range every "
            + "part is a comparison such as >=1.1 or <1.3 (separate alternatives with commas)");
      }
      if (m.group(2).isEmpty()) {
        throw new IllegalArgumentException("'" + item + "' ends with an operator but no version");
      }
      comparisons.add(new Comparison(operator(m.group(1)), version(m.group(2), item)));
    }
    return new ReleaseSelector.Range(comparisons);
  }

  private static Operator operator(String symbol) {
    for (Operator op : Operator.values()) {
      if (op.symbol().equals(symbol)) {
        return op;
      }
    }
    throw new IllegalStateException(symbol);
  }

  private static Version version(String text, String item) {
    if (text.matches(".*[xX*].*") && !text.contains("-")) {
      throw new IllegalArgumentException("'" + item + "': comparisons take exact versions, not wildcards");
    }
    try {
      return Version.parse(text);
    } catch (IllegalArgumentException e) {
      if (text.startsWith("^") || text.startsWith("~")) {
        throw new IllegalArgumentException("'" + text + "': ^ and ~ ranges are not supported; " + FORMS);
      }
      throw new IllegalArgumentException(e.getMessage() + "; " + FORMS);
    }
  }
}
