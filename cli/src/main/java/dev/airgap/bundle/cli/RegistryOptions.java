package dev.airgap.bundle.cli;

import dev.airgap.bundle.registry.CredentialSource;
import dev.airgap.bundle.registry.DockerConfigCredentials;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.registry.SettingNames;
import dev.airgap.bundle.registry.config.RegistriesConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

  @Option(names = "--config", paramLabel = "FILE",
      description = "Take the registry's plain-http, tls-verify, ca-file and tokens.pull from this registries.json"
          + " (the options above still apply on top).")
  private Path config;

  RegistryClient clientFor(String host, Duration timeout) throws IOException {
    RegistrySettings settings = RegistrySettings.secure(host);
    CredentialSource credentials = DockerConfigCredentials.standard();
    SettingNames names = SettingNames.commandLine();
    if (config != null) {
      // Explicit only: the file is named, so a missing one is the usual "does not exist" sentence.
      RegistriesConfig registries = RegistriesConfig.locateAndLoad(config, Map.of(),
          Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
      settings = registries.settingsFor(host);
      credentials = registries.credentials();
      names = SettingNames.registry(host);
    }
    // A flag given on the command line wins over the file, the way a target's own keys win.
    if (plainHttp) {
      settings = settings.withPlainHttp(true);
      names = SettingNames.commandLine();
    }
    if (!tlsVerify) {
      settings = settings.withTlsVerify(false);
    }
    if (caFile != null) {
      settings = settings.withCaFile(caFile);
    }
    return RegistryClient.builder(settings).credentials(credentials).timeout(timeout)
        .settingNames(names).build();
  }
}
