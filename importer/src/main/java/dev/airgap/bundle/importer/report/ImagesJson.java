package dev.airgap.bundle.importer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code images.json}: every imported image under its report key (see {@link ReportEntries}).
 *
 * <pre>{@code
 * {
 *   "target": "quay-lab",
 *   "images": {
 *     "etcd": {
 *       "digest": "quay-lab.example.com/mirror/etcd@sha256:…",
 *       "tag": "quay-lab.example.com/mirror/etcd:v3.5.9",
 *       "source": "quay.io/coreos/etcd:v3.5.9",
 *       "platforms": ["linux/amd64", "linux/arm64"],
 *       "releases": ["1.2.0", "1.3.0"]
 *     }
 *   }
 * }
 * }</pre>
 *
 * {@code tag} is null for an image imported by digest only.
 */
final class ImagesJson {
  static final String FILE = "images.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ImagesJson() {}

  static String render(String targetName, List<ReportEntry> entries) {
    ObjectNode root = JSON.createObjectNode();
    root.put("target", targetName);
    ObjectNode images = root.putObject("images");
    // Entries arrive sorted by key and ObjectNode keeps insertion order: the output is sorted.
    for (ReportEntry e : entries) {
      ObjectNode image = images.putObject(e.key());
      image.put("digest", e.pinned());
      image.put("tag", e.tagged());
      image.put("source", e.source());
      ArrayNode platforms = image.putArray("platforms");
      e.platforms().forEach(platforms::add);
      ArrayNode releases = image.putArray("releases");
      e.releases().forEach(releases::add);
    }
    try {
      return JSON.writer(prettyPrinter()).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of strings always serialises
    }
  }

  /**
   * Two-space indent, {@code "key": value} and {@code []}, with {@code \n} line ends on every platform: the
   * default pretty printer uses the system line separator, which would make the file differ
   * between a Windows and a Linux importer.
   */
  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator(""));
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    return printer;
  }
}
