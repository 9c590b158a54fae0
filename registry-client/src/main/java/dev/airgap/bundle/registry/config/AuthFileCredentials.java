package dev.airgap.bundle.registry.config;

import dev.airgap.bundle.registry.CredentialSource;
import dev.airgap.bundle.registry.CredentialsException;
import dev.airgap.bundle.registry.DockerConfigCredentials;
import dev.airgap.bundle.registry.RegistryCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One auth file named in registries.json for one host. Unlike the standard docker config search,
 * a configured file is not optional: if it is missing or has no entry for the host, that is an
 * error rather than a silent anonymous pull or push.
 */
final class AuthFileCredentials implements CredentialSource {
  private final Path file;
  private final String host;
  private final String purpose;

  /** {@code purpose} names the setting in messages, e.g. "pull token file of registry quay.io". */
  AuthFileCredentials(Path file, String host, String purpose) {
    this.file = file;
    this.host = host;
    this.purpose = purpose;
  }

  @Override
  public Optional<RegistryCredentials> credentialsFor(String registryHost) {
    if (!Hosts.canonical(registryHost).equals(Hosts.canonical(host))) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(file)) {
      throw new CredentialsException("the " + purpose + " " + file + " does not exist or is not a file");
    }
    Optional<RegistryCredentials> found = new DockerConfigCredentials(List.of(file)).credentialsFor(registryHost);
    if (found.isEmpty()) {
      throw new CredentialsException("the " + purpose + " " + file + " has no credentials for "
          + registryHost + " (expected an \"auths\" entry for it, as 'podman login --authfile' writes)");
    }
    return found;
  }
}
