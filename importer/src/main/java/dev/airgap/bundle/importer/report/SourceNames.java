package dev.airgap.bundle.importer.report;

import java.util.Locale;
import java.util.Set;

/**
 * Source registry names as mirror configuration must spell them.
 *
 * <p>Docker Hub answers under several host names, and the registry client records its images
 * under {@code registry-1.docker.io}, the host it actually talks to. Container runtimes match
 * mirror rules against the <em>normalised image name</em> instead: containers/image (CRI-O,
 * podman, OpenShift's IDMS) and containerd both call Docker Hub {@code docker.io} and put
 * official images under {@code library/}. A rule for {@code registry-1.docker.io/nginx} would
 * never match a pod asking for {@code nginx}, so every report uses {@code docker.io} and {@code
 * library/nginx}.
 */
final class SourceNames {
  static final String DOCKER_HUB = "docker.io";
  /** Where containerd sends Docker Hub requests (its hosts.toml {@code server}). */
  static final String DOCKER_HUB_ENDPOINT = "registry-1.docker.io";

  private static final Set<String> DOCKER_HUB_ALIASES =
      Set.of(DOCKER_HUB, "index.docker.io", DOCKER_HUB_ENDPOINT, "registry.hub.docker.com");

  private SourceNames() {}

  /** The registry host as image names use it: lowercase, Docker Hub as {@code docker.io}. */
  static String registry(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return DOCKER_HUB_ALIASES.contains(lower) ? DOCKER_HUB : lower;
  }

  /** The repository path, with {@code library/} added for Docker Hub's official images. */
  static String repository(String host, String repository) {
    if (registry(host).equals(DOCKER_HUB) && !repository.contains("/")) {
      return "library/" + repository;
    }
    return repository;
  }

  /** {@code registry/repository}, normalised: what mirror rules match on. */
  static String location(ImportedImage image) {
    return registry(image.sourceRegistry()) + "/" + repository(image.sourceRegistry(), image.sourceRepository());
  }
}
