package dev.airgap.bundle.registry.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which registry product a target is, so the importer can create repositories through its API. */
public enum Flavor {
  /** Only the OCI distribution API; repositories appear on first push. */
  GENERIC("{path}"),
  /** Quay: repositories are org/name and are created through /api/v1 before the push. */
  QUAY("{name}"),
  /** Harbor: projects must exist before a push. */
  HARBOR("{path}"),
  /** Artifactory: the url's first path component is a local Docker repository's key. */
  ARTIFACTORY("{path}"),
  /** Nexus: one hosted Docker repository, named in the target's nexus options, serves the url. */
  NEXUS("{path}");

  private final String defaultRepository;

  Flavor(String defaultRepository) {
    this.defaultRepository = defaultRepository;
  }

  /** The name used in registries.json: lowercase. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The repository template used when a target sets none. */
  public RepositoryTemplate defaultRepositoryTemplate() {
    return new RepositoryTemplate(defaultRepository);
  }

  /** Whether registries.json has an options object for this flavor (its key is the flavor name). */
  public boolean hasOptions() {
    return this == QUAY || this == HARBOR || this == NEXUS;
  }

  public static Optional<Flavor> fromConfigName(String name) {
    return Arrays.stream(values()).filter(f -> f.configName().equals(name)).findFirst();
  }
}
