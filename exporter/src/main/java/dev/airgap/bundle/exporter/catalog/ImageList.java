package dev.airgap.bundle.exporter.catalog;

import dev.airgap.bundle.format.ImageRef;
import dev.airgap.bundle.registry.ImageReferences;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain list of images for {@code --images FILE}, for exports without a release catalog:
 *
 * <pre>
 * # comments and blank lines are ignored
 * quay.io/coreos/etcd:v3.1.6
 * agent=quay.io/coreos/node-agent@sha256:…
 * </pre>
 *
 * <p>Each line is a reference, optionally named as {@code name=reference}; without a name, the
 * last component of the repository is the name ({@code etcd} above). Names must be unique.
 *
 * @param source the file name used in messages
 * @param images in file order
 */
public record ImageList(String source, List<NamedImage> images) {
  static final int MAX_BYTES = 4 * 1024 * 1024;

  public ImageList {
    images = List.copyOf(images);
  }

  public static ImageList load(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new CatalogException(file.toString(), "the image list is larger than " + MAX_BYTES + " bytes (4 MiB)");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new CatalogException(file.toString(), "the image list is not UTF-8 text");
    }
    return parse(file.toString(), text);
  }

  /** Parses list text; {@code source} names it in messages. */
  public static ImageList parse(String source, String text) {
    List<NamedImage> images = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, Integer> firstLine = new HashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNumber = i + 1;
      String line = lines[i];
      // '#' never occurs in an image reference, so everything after it is a comment.
      int hash = line.indexOf('#');
      line = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (line.isEmpty()) {
        continue;
      }
      String name = null;
      String reference = line;
      int eq = line.indexOf('=');
      if (eq >= 0) {
        name = line.substring(0, eq).strip();
        reference = line.substring(eq + 1).strip();
        if (!NamedImage.isValidName(name)) {
          problems.add("line " + lineNumber + ": '" + name + "' is not a valid image name (lowercase letters, "
              + "digits, '.', '_' and '-', starting with a letter or digit)");
          continue;
        }
      }
      ImageRef ref;
      try {
        ref = ImageReferences.parse(reference);
      } catch (IllegalArgumentException e) {
        problems.add("line " + lineNumber + ": " + e.getMessage());
        continue;
      }
      if (name == null) {
        name = ref.repository().substring(ref.repository().lastIndexOf('/') + 1);
      }
      Integer earlier = firstLine.putIfAbsent(name, lineNumber);
      if (earlier != null) {
        problems.add("line " + lineNumber + ": the name '" + name + "' is already used on line " + earlier
            + "; give one of them another name with name=reference");
        continue;
      }
      images.add(new NamedImage(name, ref));
    }
    if (problems.isEmpty() && images.isEmpty()) {
      problems.add("the image list has no images");
    }
    if (!problems.isEmpty()) {
      throw new CatalogException(source, problems);
    }
    return new ImageList(source, images);
  }
}
