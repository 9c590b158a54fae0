package dev.airgap.bundle.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One resource scope of the docker token spec, {@code type:name:action,action}, e.g.
 * {@code repository:team/app:pull,push} or {@code registry:catalog:*}.
 */
record Scope(String type, String name, List<String> actions) {

  Scope {
    actions = List.copyOf(actions);
  }

  /**
   * Parses one scope. The name is everything between the first and the last colon, because the
   * spec's grammar lets a name start with {@code host:port/}.
   */
  static Scope parse(String text) {
    int first = text.indexOf(':');
    int last = text.lastIndexOf(':');
    if (first <= 0 || last == first || last == text.length() - 1) {
      throw new IllegalArgumentException("malformed scope: " + text);
    }
    return new Scope(text.substring(0, first), text.substring(first + 1, last),
        Arrays.asList(text.substring(last + 1).split(",")));
  }

  /**
   * The intersection the spec asks for: the requested actions the caller holds, possibly none
   * (which is not an error). Holding {@code *} grants whatever was asked.
   */
  Scope grantedTo(Set<String> held) {
    if (held.contains("*")) {
      return this;
    }
    return new Scope(type, name, actions.stream().filter(held::contains).toList());
  }

  /** The {@code access} claim entry distribution reads: type, name, actions. */
  Map<String, Object> claim() {
    return Map.of("type", type, "name", name, "actions", actions);
  }

  @Override
  public String toString() {
    return type + ":" + name + ":" + String.join(",", actions);
  }
}
