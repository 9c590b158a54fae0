package dev.airgap.bundle.importer.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * {@code image-digest-mirror-set.yaml}: an OpenShift {@code ImageDigestMirrorSet}
 * ({@code config.openshift.io/v1}) with one {@code imageDigestMirrors} entry per source
 * repository.
 *
 * <pre>{@code
 * apiVersion: config.openshift.io/v1
 * kind: ImageDigestMirrorSet
 * metadata:
 *   name: bundle-quay-lab
 * spec:
 *   imageDigestMirrors:
 *   - source: quay.io/coreos/etcd
 *     mirrors:
 *     - quay-lab.example.com/mirror/etcd
 * }</pre>
 *
 * <p>An IDMS only redirects pulls <em>by digest</em>; a pod that names a tag still goes to the
 * source (that would take an ImageTagMirrorSet). {@code mirrorSourcePolicy} is left out, so the
 * cluster's default ({@code AllowContactingSource}) applies. The machine-config operator turns
 * the object into the same registries.conf rules that {@link RegistriesConf} writes.
 */
final class DigestMirrorSet {
  static final String FILE = "image-digest-mirror-set.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      // With minimal quoting a string such as 1.10 would come back as a number; keep it a string.
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      // Long references stay on one line instead of being folded at 80 columns.
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .build());

  private DigestMirrorSet() {}

  static String render(String targetName, SortedMap<String, SortedSet<String>> mirrors) {
    ObjectNode root = YAML.createObjectNode();
    root.put("apiVersion", "config.openshift.io/v1");
    root.put("kind", "ImageDigestMirrorSet");
    root.putObject("metadata").put("name", objectName(targetName));
    var entries = root.putObject("spec").putArray("imageDigestMirrors");
    mirrors.forEach((source, targets) -> {
      ObjectNode entry = entries.addObject();
      entry.put("source", source);
      var list = entry.putArray("mirrors");
      targets.forEach(list::add);
    });
    try {
      return "# Written by bundle import for target " + targetName + ". Apply with: oc apply -f " + FILE + "\n"
          + "# Redirects pulls by digest only; pulls by tag still go to the source registries.\n"
          + YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of strings always serialises
    }
  }

  /**
   * {@code bundle-<target>} as a Kubernetes object name (a DNS subdomain: lowercase letters,
   * digits, {@code -} and {@code .}, alphanumeric at both ends). Target names may also hold
   * uppercase letters and {@code _}, so the name is lowercased and every run of anything but a
   * letter or digit becomes one {@code -}: {@code Quay_Lab.2} gives {@code bundle-quay-lab-2}.
   */
  static String objectName(String targetName) {
    String slug = targetName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", "");
    return "bundle-" + slug;
  }
}
