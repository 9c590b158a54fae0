package dev.airgap.bundle.registry.config;

import java.util.Set;

/** Host names as registries.json keys and lookups compare them. */
final class Hosts {
  /**
   * Docker Hub answers under several names, and image references default to
   * registry-1.docker.io; a config entry for "docker.io" must still apply to "nginx".
   */
  static final String DOCKER_HUB = "registry-1.docker.io";
  private static final Set<String> DOCKER_HUB_ALIASES = Set.of("docker.io", "index.docker.io", DOCKER_HUB);

  private Hosts() {}

  static String canonical(String host) {
    return DOCKER_HUB_ALIASES.contains(host) ? DOCKER_HUB : host;
  }
}
