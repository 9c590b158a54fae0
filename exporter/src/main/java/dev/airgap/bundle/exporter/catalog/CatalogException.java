package dev.airgap.bundle.exporter.catalog;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A release catalog or image list is missing, malformed, or does not have what was asked for.
 * Each problem is one line naming the file, the release and the image key concerned.
 */
public final class CatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final List<String> problems;

  /** {@code source} is the file name shown in messages (may be null when there is no file). */
  public CatalogException(String source, List<String> problems) {
    super(format(source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  public CatalogException(String source, String problem) {
    this(source, List.of(problem));
  }

  public String source() {
    return source;
  }

  public List<String> problems() {
    return problems;
  }

  private static String format(String source, List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a CatalogException needs at least one problem");
    }
    String prefix = source == null ? "" : source + ": ";
    return problems.stream().map(p -> prefix + p).collect(Collectors.joining("\n"));
  }
}
