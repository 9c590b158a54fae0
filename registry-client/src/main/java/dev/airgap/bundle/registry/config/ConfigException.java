package dev.airgap.bundle.registry.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A registries config file is missing, unreadable as JSON, or breaks its schema. Each problem is
 * one line naming the field as a path such as {@code $.targets.quay-lab.flavor} and what was
 * expected there; the message repeats the file on every line so each stands alone in a log.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final List<String> problems;

  public ConfigException(Path file, List<String> problems) {
    super(format(file, problems));
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  public ConfigException(Path file, String problem) {
    this(file, List.of(problem));
  }

  /** The config file concerned, or null for a config that did not come from a file. */
  public Path file() {
    return file;
  }

  /** One entry per problem, each starting with the JSON path it concerns (when there is one). */
  public List<String> problems() {
    return problems;
  }

  private static String format(Path file, List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    String where = file == null ? "registries config" : Objects.toString(file);
    return problems.stream().map(p -> where + ": " + p).collect(Collectors.joining("\n"));
  }
}
