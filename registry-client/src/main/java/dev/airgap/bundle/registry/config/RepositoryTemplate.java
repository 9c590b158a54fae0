package dev.airgap.bundle.registry.config;

import dev.airgap.bundle.format.ImageRef;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a target repository is named from a source image: literal text and the variables
 * {@code {path}} (the source repository path, e.g. {@code coreos/etcd}), {@code {name}} (its last
 * component, {@code etcd}) and {@code {key}} (the image's key in the release, e.g. {@code
 * node-agent}).
 */
public record RepositoryTemplate(String text) {
  public static final Set<String> VARIABLES = Set.of("path", "name", "key");
  private static final Pattern VARIABLE = Pattern.compile("\\{([^{}]*)\\}");

  public RepositoryTemplate {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("a repository template cannot be empty");
    }
    Matcher m = VARIABLE.matcher(text);
    StringBuilder literal = new StringBuilder();
    int last = 0;
    while (m.find()) {
      if (!VARIABLES.contains(m.group(1))) {
        throw new IllegalArgumentException("repository template '" + text + "' uses {" + m.group(1)
            + "}; only {path}, {name} and {key} exist");
      }
      literal.append(text, last, m.start());
      last = m.end();
    }
    literal.append(text.substring(last));
    if (literal.indexOf("{") >= 0 || literal.indexOf("}") >= 0) {
      throw new IllegalArgumentException("repository template '" + text + "' has an unmatched brace");
    }
  }

  /**
   * The repository for a source image. {@code key} may be null only when the template does not
   * use {@code {key}}.
   *
   * @throws IllegalArgumentException when the result is not a valid repository path
   */
  /**
   * Whether every source repository keeps its path under the target (the template is exactly
   * {@code {path}}), so a whole source registry can be mirrored by one host-level rule.
   */
  public boolean preservesPaths() {
    return text.equals("{path}");
  }

  public String expand(String sourceRepository, String key) {
    ImageRef.requireValidRepository(sourceRepository);
    if (key == null && text.contains("{key}")) {
      throw new IllegalArgumentException("repository template '" + text + "' uses {key}, but "
          + sourceRepository + " has no key in a release");
    }
    String name = sourceRepository.substring(sourceRepository.lastIndexOf('/') + 1);
    String result = text
        .replace("{path}", sourceRepository)
        .replace("{name}", name)
        .replace("{key}", key == null ? "" : key);
    try {
      return ImageRef.requireValidRepository(result);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("repository template '" + text + "' gives '" + result
          + "' for " + sourceRepository + ", which is not a valid repository name");
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
