package dev.airgap.bundle.cli;

import dev.airgap.bundle.registry.CredentialSource;
import dev.airgap.bundle.registry.DockerConfigCredentials;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.registry.SettingNames;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How to reach a registry given on the command line. Credentials come from docker config files
 * and credential helpers, never from arguments.
 */
public final class RegistryOptions {
  @Option(
      names = "--plain-http",
      description = "Speak plain HTTP to this registry (no TLS). Credentials are never sent over it.")
  private boolean plainHttp;

  @Option(
      names = "--tls-verify",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Verify the registry's TLS certificate (default: true).")
  private boolean tlsVerify = true;

  @Option(names = "--ca-file", paramLabel = "PEM", description = "Extra trusted CA certificates for this registry.")
  private Path caFile;

  RegistryClient clientFor(String host, Duration timeout) {
    RegistrySettings settings =
        RegistrySettings.secure(host).withPlainHttp(plainHttp).withTlsVerify(tlsVerify).withCaFile(caFile);
    CredentialSource credentials = DockerConfigCredentials.standard();
    return RegistryClient.builder(settings).credentials(credentials).timeout(timeout)
        .settingNames(SettingNames.commandLine()).build();
  }
}
