package dev.airgap.bundle.registry.config;

import dev.airgap.bundle.registry.CredentialSource;
import dev.airgap.bundle.registry.RegistrySettings;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code registries}: how to reach a host and which auth file to pull with.
 *
 * @param host the key as written ("host[:port]")
 * @param caFile absolute path, or null
 * @param pullAuthFile absolute path of a docker-config auth file, or null to use the standard ones
 */
public record RegistryConfig(String host, boolean tlsVerify, boolean plainHttp, Path caFile, Path pullAuthFile) {
  public RegistryConfig {
    // RegistrySettings owns the host syntax; building one validates it.
    RegistrySettings.secure(Objects.requireNonNull(host, "host"));
    requireAbsolute(caFile, "caFile");
    requireAbsolute(pullAuthFile, "pullAuthFile");
  }

  /** Settings for {@code askedHost}, which may be another spelling of this entry's host (Docker Hub). */
  public RegistrySettings settings(String askedHost) {
    return RegistrySettings.secure(askedHost)
        .withTlsVerify(tlsVerify)
        .withPlainHttp(plainHttp)
        .withCaFile(caFile);
  }

  public RegistrySettings settings() {
    return settings(host);
  }

  /** The configured pull auth file as a credential source, if there is one. */
  public Optional<CredentialSource> pullCredentials() {
    return Optional.ofNullable(pullAuthFile)
        .map(f -> new AuthFileCredentials(f, host, "pull token file of registry " + host));
  }

  static void requireAbsolute(Path p, String what) {
    if (p != null && !p.isAbsolute()) {
      throw new IllegalArgumentException(what + " must be an absolute path, not " + p);
    }
  }
}
