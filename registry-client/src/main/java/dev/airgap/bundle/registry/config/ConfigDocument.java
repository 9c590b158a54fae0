package dev.airgap.bundle.registry.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads registries.json into a JSON tree that is known to match the schema: size-capped, strict
 * JSON (no duplicate keys, no trailing content), then every schema violation reported at once.
 */
final class ConfigDocument {
  /** A config file is a few kilobytes; the cap keeps a wrong path (a log, an image) from being read. */
  static final int MAX_BYTES = 1024 * 1024;
  static final String SCHEMA_RESOURCE = "/dev/airgap/bundle/registry/config/registries.schema.json";

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private ConfigDocument() {}

  static JsonNode read(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new ConfigException(file, "the file is larger than " + MAX_BYTES
          + " bytes (1 MiB); is this the right file?");
    }
    return parse(file, bytes);
  }

  /** Parses and validates; {@code file} is only used in messages and may be null. */
  static JsonNode parse(Path file, byte[] bytes) {
    JsonNode tree;
    try {
      tree = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new ConfigException(file, describe(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new ConfigException(file, "$: the file is empty; expected a JSON object such as {\"registries\": {}}");
    }
    List<String> problems = validate(tree);
    if (!problems.isEmpty()) {
      throw new ConfigException(file, problems);
    }
    return tree;
  }

  /** Schema violations as "$.path: what was expected", sorted by path for stable output. */
  static List<String> validate(JsonNode tree) {
    List<String> problems = new ArrayList<>();
    List<ValidationMessage> messages = new ArrayList<>(Schema.INSTANCE.validate(tree));
    messages.sort(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString()));
    for (ValidationMessage m : messages) {
      problems.add(describe(m));
    }
    return problems;
  }

  private static String describe(ValidationMessage m) {
    String at = m.getInstanceLocation().toString();
    String property = m.getProperty();
    return switch (m.getType()) {
      case "additionalProperties" -> at + "." + property + ": unknown key (expected one of: "
          + String.join(", ", Schema.allowedKeys(m)) + ")";
      case "required" -> at + "." + property + ": is required but missing";
      case "propertyNames" -> at + "." + property + ": this key " + String.valueOf(m.getArguments()[1]);
      default -> at + ": " + withoutLocation(m.getMessage(), at);
    };
  }

  /** networknt prefixes its own messages with the location, custom errorMessage texts not. */
  private static String withoutLocation(String message, String at) {
    return message.startsWith(at + ": ") ? message.substring(at.length() + 2) : message;
  }

  private static String describe(JsonProcessingException e) {
    String where = e.getLocation() == null ? ""
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
    String path = "$";
    if (e.getProcessor() instanceof JsonParser parser && parser.getParsingContext() != null) {
      path = pointerToPath(parser.getParsingContext().pathAsPointer().toString());
    }
    String original = e.getOriginalMessage();
    if (original != null && original.startsWith("Duplicate field")) {
      return path + ": duplicate key (" + where + "each key may appear only once in an object)";
    }
    // Jackson mentions a redacted source inside its text; only the line and column help.
    String text = firstLine(original).replaceAll("\\[Source: [^;\\]]*; (line: \\d+, column: \\d+)\\]", "$1");
    return path + ": not valid JSON (" + where + text + ")";
  }

  private static String pointerToPath(String pointer) {
    StringBuilder out = new StringBuilder("$");
    if (pointer.isEmpty()) {
      return out.toString();
    }
    for (String segment : pointer.substring(1).split("/", -1)) {
      out.append('.').append(segment.replace("~1", "/").replace("~0", "~"));
    }
    return out.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed input";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The schema, loaded once from the classpath; networknt schemas are thread-safe. */
  private static final class Schema {
    static final JsonNode TREE = load();
    static final JsonSchema INSTANCE = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(TREE, SchemaValidatorsConfig.builder()
            // "$.targets.quay-lab.flavor" rather than "$['targets']['quay-lab']['flavor']"
            .pathType(PathType.LEGACY)
            .errorMessageKeyword("errorMessage")
            .locale(Locale.ROOT)
            .build());

    private static JsonNode load() {
      try (InputStream in = ConfigDocument.class.getResourceAsStream(SCHEMA_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the resource " + SCHEMA_RESOURCE + " is missing from the build");
        }
        return JSON.readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The keys the object at an additionalProperties violation may have, from the schema itself. */
    static List<String> allowedKeys(ValidationMessage m) {
      String fragment = m.getSchemaLocation().getFragment().toString();
      String parent = fragment.substring(0, fragment.lastIndexOf('/'));
      List<String> keys = new ArrayList<>();
      Iterator<String> names = TREE.at(parent).path("properties").fieldNames();
      names.forEachRemaining(keys::add);
      return keys;
    }
  }
}
