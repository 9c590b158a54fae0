package dev.airgap.bundle.importer.report;

import java.util.SortedMap;
import java.util.SortedSet;

/**
 * {@code registries.conf.d/99-bundle-<target>.conf}: a containers-registries.conf(5) version 2
 * drop-in for CRI-O, podman and skopeo, one {@code [[registry]]} table per source repository.
 *
 * <pre>
 * [[registry]]
 * prefix = "quay.io/coreos/etcd"
 * location = "quay.io/coreos/etcd"
 *
 * [[registry.mirror]]
 * location = "quay-lab.example.com/mirror/etcd"
 * pull-from-mirror = "digest-only"
 * </pre>
 *
 * <p>Matching is by longest {@code prefix} on the normalised image name, and a mirror's {@code
 * location} replaces the prefix, so renamed repositories are expressed exactly. {@code
 * pull-from-mirror = "digest-only"} is the per-mirror form of the older registry-wide {@code
 * mirror-by-digest-only}; containers/image ignores it if a registry table elsewhere sets {@code
 * mirror-by-digest-only = true} for the same prefix. Drop-ins load in file-name order and a later
 * table for the same prefix replaces an earlier one, hence the {@code 99-} prefix.
 */
final class RegistriesConf {
  static final String DIR = "registries.conf.d";

  private RegistriesConf() {}

  static String fileName(String targetName) {
    return "99-bundle-" + targetName + ".conf";
  }

  static String render(String targetName, SortedMap<String, SortedSet<String>> mirrors) {
    StringBuilder out = new StringBuilder()
        .append("# Written by bundle import for target ").append(targetName).append(".\n")
        .append("# Install as /etc/containers/").append(DIR).append('/').append(fileName(targetName))
        .append(". Mirrors serve pulls by digest only.\n");
    mirrors.forEach((source, targets) -> {
      out.append("\n[[registry]]\n")
          .append("prefix = ").append(Toml.quote(source)).append('\n')
          .append("location = ").append(Toml.quote(source)).append('\n');
      for (String target : targets) {
        out.append("\n[[registry.mirror]]\n")
            .append("location = ").append(Toml.quote(target)).append('\n')
            .append("pull-from-mirror = \"digest-only\"\n");
      }
    });
    return out.toString();
  }
}
