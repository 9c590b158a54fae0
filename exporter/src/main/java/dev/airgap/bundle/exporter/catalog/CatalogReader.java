package dev.airgap.bundle.exporter.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.airgap.bundle.registry.ImageReferences;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a release catalog from YAML with a token-level parser rather than a data binder, for two
 * reasons: scalars keep the text that was written ({@code version: 1.10} stays "1.10", where a
 * tree would hold the number 1.1), and every problem can name its line. All problems of a file are
 * collected and reported together.
 */
final class CatalogReader {
  static final int MAX_BYTES = 4 * 1024 * 1024;

  private static final YAMLFactory YAML = YAMLFactory.builder().loaderOptions(loaderOptions()).build();

  private final String source;
  private final YAMLParser parser;
  private final List<String> problems = new ArrayList<>();

  /** A problem inside one release, before the release's label is known. */
  private record Issue(String where, String problem) {}

  private CatalogReader(String source, YAMLParser parser) {
    this.source = source;
    this.parser = parser;
  }

  static List<Release> read(String source, byte[] yaml) {
    if (yaml.length > MAX_BYTES) {
      throw new CatalogException(source, "the catalog is larger than " + MAX_BYTES + " bytes (4 MiB); is this the right file?");
    }
    try (YAMLParser parser = (YAMLParser) YAML.createParser(yaml)) {
      CatalogReader reader = new CatalogReader(source, parser);
      List<Release> releases = reader.document();
      if (!reader.problems.isEmpty()) {
        throw new CatalogException(source, reader.problems);
      }
      return releases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Release> document() {
    JsonToken t = next();
    if (t == null) {
      throw new CatalogException(source, "the catalog is empty; expected a 'releases:' list");
    }
    if (t != JsonToken.START_OBJECT) {
      throw new CatalogException(source, "the catalog must be a mapping with a 'releases' list (line " + line() + ")");
    }
    List<Release> releases = List.of();
    boolean sawReleases = false;
    Set<String> keys = new HashSet<>();
    while (next() == JsonToken.FIELD_NAME) {
      String key = text();
      int keyLine = line();
      next();
      if (!keys.add(key)) {
        problems.add("duplicate key '" + key + "' (line " + keyLine + ")");
        skipValue();
      } else if (key.equals("releases")) {
        sawReleases = true;
        releases = releases();
      } else {
        problems.add("unknown key '" + key + "' (line " + keyLine + "); a catalog has only 'releases'");
        skipValue();
      }
    }
    if (next() != null) {
      problems.add("a second YAML document starts at line " + line() + "; a catalog is one document");
    }
    if (!sawReleases) {
      problems.add("missing 'releases'");
    }
    checkDuplicateVersions(releases);
    return releases;
  }

  private List<Release> releases() {
    JsonToken t = parser.currentToken();
    if (t != JsonToken.START_ARRAY) {
      problems.add("'releases' (line " + line() + ") must be a list of releases, each with 'version' and 'images'");
      skipValue();
      return List.of();
    }
    List<Release> releases = new ArrayList<>();
    int index = 0;
    while (next() != JsonToken.END_ARRAY) {
      index++;
      Release r = release(index);
      if (r != null) {
        releases.add(r);
      }
    }
    if (index == 0) {
      problems.add("'releases' is an empty list");
    }
    return releases;
  }

  private Release release(int index) {
    int startLine = line();
    String fallbackLabel = "release #" + index + " (line " + startLine + ")";
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      problems.add(fallbackLabel + " must be a mapping with 'version' and 'images'");
      skipValue();
      return null;
    }
    List<Issue> issues = new ArrayList<>();
    Version version = null;
    boolean sawVersion = false;
    List<NamedImage> images = null;
    Set<String> keys = new HashSet<>();
    while (next() == JsonToken.FIELD_NAME) {
      String key = text();
      int keyLine = line();
      next();
      if (!keys.add(key)) {
        issues.add(new Issue(null, "duplicate key '" + key + "' (line " + keyLine + ")"));
        skipValue();
      } else if (key.equals("version")) {
        sawVersion = true;
        version = version(issues);
      } else if (key.equals("images")) {
        images = images(issues);
      } else {
        issues.add(new Issue(null, "unknown key '" + key + "' (line " + keyLine + "); a release has 'version' and 'images'"));
        skipValue();
      }
    }
    if (!sawVersion) {
      issues.add(new Issue(null, "missing 'version'"));
    }
    if (!keys.contains("images")) {
      issues.add(new Issue(null, "missing 'images'"));
    } else if (images != null && images.isEmpty()) {
      issues.add(new Issue(null, "'images' is empty; a release lists at least one image"));
    }
    String label = version != null ? "release " + version : fallbackLabel;
    for (Issue issue : issues) {
      problems.add(label + (issue.where() == null ? "" : ", " + issue.where()) + ": " + issue.problem());
    }
    return issues.isEmpty() ? new Release(version, images) : null;
  }

  private Version version(List<Issue> issues) {
    String where = "version (line " + line() + ")";
    String text = scalarText(issues, where, "a version such as 1.2.3");
    if (text == null) {
      return null;
    }
    try {
      return Version.parse(text);
    } catch (IllegalArgumentException e) {
      issues.add(new Issue(where, e.getMessage()));
      return null;
    }
  }

  /** The images mapping; null when it is not a mapping (already reported). */
  private List<NamedImage> images(List<Issue> issues) {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      issues.add(new Issue("images (line " + line() + ")", "must be a mapping of name: image reference"));
      skipValue();
      return null;
    }
    List<NamedImage> images = new ArrayList<>();
    Map<String, Integer> seen = new TreeMap<>();
    boolean failed = false;
    while (next() == JsonToken.FIELD_NAME) {
      String name = text();
      String where = "image '" + name + "' (line " + line() + ")";
      Integer firstLine = seen.putIfAbsent(name, line());
      next();
      String text = scalarText(issues, where, "an image reference such as quay.io/org/name:tag");
      if (firstLine != null) {
        issues.add(new Issue(where, "duplicate image name (first at line " + firstLine + ")"));
        failed = true;
        continue;
      }
      if (!NamedImage.isValidName(name)) {
        issues.add(new Issue(where, "'" + name + "' is not a valid image name (lowercase letters, digits, "
            + "'.', '_' and '-', starting with a letter or digit)"));
        failed = true;
        continue;
      }
      if (text == null) {
        failed = true;
        continue;
      }
      try {
        images.add(new NamedImage(name, ImageReferences.parse(text)));
      } catch (IllegalArgumentException e) {
        issues.add(new Issue(where, e.getMessage()));
        failed = true;
      }
    }
    return failed ? null : images;
  }

  /**
   * The text of a scalar as written; anything else (mapping, list, null, alias, boolean, a binary
   * tag) is an issue. Numbers are accepted only where {@code expected} is a version.
   */
  private String scalarText(List<Issue> issues, String where, String expected) {
    JsonToken t = parser.currentToken();
    if (parser.isCurrentAlias()) {
      issues.add(new Issue(where, "YAML aliases (*name) are not supported; write " + expected));
      return null;
    }
    boolean versionLike = expected.startsWith("a version");
    if (t == JsonToken.VALUE_STRING
        || (versionLike && (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT))) {
      String text = text().strip();
      if (text.isEmpty()) {
        issues.add(new Issue(where, "is empty; expected " + expected));
        return null;
      }
      return text;
    }
    String found = switch (t) {
      case START_OBJECT -> "a mapping";
      case START_ARRAY -> "a list";
      case VALUE_NULL -> "nothing (null)";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean (" + text() + ")";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number (" + text() + ")";
      default -> "a " + t.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    };
    issues.add(new Issue(where, "found " + found + ", expected " + expected));
    skipValue();
    return null;
  }

  /** Two releases may not share a version, whatever the spelling (1.2 and 1.2.0). */
  private void checkDuplicateVersions(List<Release> releases) {
    Map<Version, Version> seen = new TreeMap<>();
    for (Release r : releases) {
      Version earlier = seen.putIfAbsent(r.version(), r.version());
      if (earlier != null) {
        String same = earlier.equals(r.version()) ? "" : " (" + earlier + " and " + r.version() + " are the same version)";
        problems.add("release " + r.version() + ": the version is listed twice" + same);
      }
    }
  }

  private JsonToken next() {
    try {
      return parser.nextToken();
    } catch (JsonProcessingException e) {
      throw notYaml(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The current token's text as written in the file. */
  private String text() {
    try {
      return parser.getText();
    } catch (JsonProcessingException e) {
      throw notYaml(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Skips the value at the current token, whole mappings and lists included. */
  private void skipValue() {
    try {
      parser.skipChildren();
    } catch (JsonProcessingException e) {
      throw notYaml(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CatalogException notYaml(JsonProcessingException e) {
    String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    // snakeyaml writes "while ...", a quoted source excerpt, then what it found; keep the sentences.
    String message = e.getOriginalMessage() == null ? "malformed input" : e.getOriginalMessage().lines()
        .filter(l -> !l.isBlank() && !l.startsWith(" "))
        .collect(java.util.stream.Collectors.joining(": "));
    return new CatalogException(source, "not valid YAML" + at + ": " + message);
  }

  private int line() {
    return parser.currentTokenLocation().getLineNr();
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    // snakeyaml's own default cap (3 MiB of code points) is below ours; ours is checked on bytes.
    options.setCodePointLimit(MAX_BYTES + 1);
    options.setMaxAliasesForCollections(10);
    options.setNestingDepthLimit(20);
    return options;
  }
}
