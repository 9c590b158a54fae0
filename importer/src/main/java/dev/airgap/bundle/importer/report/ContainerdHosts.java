package dev.airgap.bundle.importer.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * containerd's {@code certs.d/<source host>/hosts.toml}, one per source registry, written only
 * when the target kept the source repository paths.
 *
 * <p>A hosts.toml names a <em>registry host</em>, not a repository: containerd sends a request
 * for {@code quay.io/coreos/etcd} to each {@code [host."URL"]} as {@code URL-path/coreos/etcd/…},
 * keeping the repository path. So the mirror works only when every image of that source
 * registry sits on the target at {@code <prefix>/<source path>} with one shared prefix.
 *
 * <p>How the prefix is spelled follows containerd's parsing of host URLs: a URL with a path and
 * no {@code override_path} gets {@code /v2} <em>appended</em> ({@code https://t/mirror} would
 * mean {@code https://t/mirror/v2/…}, wrong for a registry that serves {@code /v2/mirror/…}).
 * So a prefix is written as {@code https://<target>/v2/<prefix>} with {@code override_path =
 * true}, and no prefix as plain {@code https://<target>}.
 *
 * <p>The directory is the source host exactly as image names spell it, {@code host:port}
 * included: containerd on Linux looks up {@code host_port_} first and then {@code host:port}, and
 * only the latter works on every containerd since 1.5 (Windows nodes need {@code host_port_},
 * because {@code :} cannot appear in a file name there). Docker Hub's directory is {@code
 * docker.io} with {@code server = "https://registry-1.docker.io"}, as containerd's own example
 * has it, and its official images are matched as {@code library/<name>}.
 */
final class ContainerdHosts {
  static final String DIR = "certs.d";

  /** What to write (paths relative to the output directory) and what to tell the operator. */
  record Result(SortedMap<String, String> files, List<String> notes) {}

  private ContainerdHosts() {}

  static Result render(String targetName, List<ImportedImage> images, boolean pathsPreserved,
      String otherReports) {
    if (!pathsPreserved) {
      return new Result(new TreeMap<>(), List.of("No containerd " + DIR + "/*/hosts.toml was written: a "
          + "containerd mirror stands in for a whole registry host and keeps each repository's path, but "
          + "target " + targetName + " renames repositories, which a hosts.toml cannot express. "
          + otherReports + " map repository by repository and still apply."));
    }
    Map<String, List<ImportedImage>> bySource = new TreeMap<>();
    for (ImportedImage image : images) {
      bySource.computeIfAbsent(SourceNames.registry(image.sourceRegistry()), h -> new ArrayList<>()).add(image);
    }
    SortedMap<String, String> files = new TreeMap<>();
    List<String> notes = new ArrayList<>();
    bySource.forEach((host, group) -> {
      String file = DIR + "/" + host + "/hosts.toml";
      SortedSet<String> places = new TreeSet<>();
      SortedSet<String> misplaced = new TreeSet<>();
      for (ImportedImage image : group) {
        String prefix = prefix(image);
        if (prefix == null) {
          misplaced.add(image.targetLocation() + " (for " + SourceNames.location(image) + ")");
        } else {
          places.add(hostUrl(image.targetRegistry(), prefix));
        }
      }
      if (!misplaced.isEmpty()) {
        notes.add(file + " was not written: containerd keeps the source path, but "
            + String.join(", ", misplaced) + " does not end with it. " + otherReports + " still apply.");
      } else if (places.size() > 1) {
        notes.add(file + " was not written: the images of " + host + " went under different prefixes ("
            + String.join(", ", places) + "), and containerd sends every repository of a host to the "
            + "same place. " + otherReports + " still apply.");
      } else if (!places.first().equals("https://" + host)) { // a registry mirrored onto itself needs nothing
        files.put(file, hostsToml(targetName, host, places.first()));
        if (host.contains(":")) {
          notes.add(file + " is named host:port as containerd on Linux reads it; on Windows nodes "
              + "rename the directory to " + host.replace(":", "_") + "_ (containerd's port spelling there).");
        }
      }
    });
    return new Result(files, notes);
  }

  /**
   * The part of the target repository in front of the source path ({@code ""} when the paths
   * are equal), or null when the target repository does not end with the source path.
   */
  static String prefix(ImportedImage image) {
    String source = SourceNames.repository(image.sourceRegistry(), image.sourceRepository());
    String target = image.targetRepository();
    if (target.equals(source)) {
      return "";
    }
    return target.endsWith("/" + source) ? target.substring(0, target.length() - source.length() - 1) : null;
  }

  private static String hostUrl(String targetRegistry, String prefix) {
    return "https://" + targetRegistry + (prefix.isEmpty() ? "" : "/v2/" + prefix);
  }

  private static String hostsToml(String targetName, String host, String url) {
    String server = host.equals(SourceNames.DOCKER_HUB) ? SourceNames.DOCKER_HUB_ENDPOINT : host;
    StringBuilder out = new StringBuilder()
        .append("# Written by bundle import for target ").append(targetName).append(".\n")
        .append("# Install as <containerd config_path>/").append(host).append("/hosts.toml ")
        .append("(config_path is usually /etc/containerd/certs.d).\n")
        .append("# The mirror is reached over HTTPS with the system CAs; add ca = \"/path/ca.pem\" ")
        .append("under [host] for a private CA.\n")
        .append("server = ").append(Toml.quote("https://" + server)).append("\n\n")
        .append("[host.").append(Toml.quote(url)).append("]\n")
        .append("  capabilities = [\"pull\", \"resolve\"]\n");
    if (url.contains("/v2/")) {
      out.append("  override_path = true\n");
    }
    return out.toString();
  }
}
