package dev.airgap.bundle.importer.flavor;

import dev.airgap.bundle.format.ImageRef;

/** Splitting a full target repository path; names are validated first so they are safe in urls. */
final class RepositoryPaths {
  private RepositoryPaths() {}

  /** The first path component, e.g. {@code tectonic-mirror} of {@code tectonic-mirror/etcd}. */
  static String first(String repository) {
    ImageRef.requireValidRepository(repository);
    int slash = repository.indexOf('/');
    return slash < 0 ? repository : repository.substring(0, slash);
  }

  /** Everything after the first component, or "" when there is only one. */
  static String rest(String repository) {
    ImageRef.requireValidRepository(repository);
    int slash = repository.indexOf('/');
    return slash < 0 ? "" : repository.substring(slash + 1);
  }
}
