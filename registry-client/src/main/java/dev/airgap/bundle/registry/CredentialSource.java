package dev.airgap.bundle.registry;

import java.util.List;
import java.util.Optional;

/**
 * Where credentials for a registry host come from. Implementations read files, docker config or
 * credential helpers; secrets never come from command-line arguments.
 */
@FunctionalInterface
public interface CredentialSource {

  /** Credentials for {@code registryHost} ("host[:port]"), or empty to go anonymous. */
  Optional<RegistryCredentials> credentialsFor(String registryHost);

  static CredentialSource anonymous() {
    return host -> Optional.empty();
  }

  /** The first source that has credentials for a host wins. */
  static CredentialSource firstOf(List<CredentialSource> sources) {
    List<CredentialSource> copy = List.copyOf(sources);
    return host -> {
      for (CredentialSource source : copy) {
        Optional<RegistryCredentials> found = source.credentialsFor(host);
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    };
  }
}
