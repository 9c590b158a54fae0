package dev.airgap.bundle.registry.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airgap.bundle.registry.CredentialSource;
import dev.airgap.bundle.registry.DockerConfigCredentials;
import dev.airgap.bundle.registry.RegistrySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * The registries config ({@code registries.json}): per-host settings for pulling, and named
 * targets for importing. See {@code registries.schema.json} for the file's shape.
 *
 * <p>Hosts that are not listed get the safe defaults: TLS, verified against the JDK's roots, with
 * credentials from the standard docker and podman config files.
 */
public final class RegistriesConfig {
  static final String FILE_NAME = "registries.json";
  static final String ENV_VAR = "BUNDLE_CONFIG";

  private final Path source;
  private final Map<String, RegistryConfig> registries;
  private final Map<String, TargetConfig> targets;

  private RegistriesConfig(Path source, Map<String, RegistryConfig> registries, Map<String, TargetConfig> targets) {
    this.source = source;
    this.registries = registries;
    this.targets = targets;
  }

  /** No file: every host gets the defaults and there are no targets. */
  public static RegistriesConfig empty() {
    return new RegistriesConfig(null, Map.of(), Map.of());
  }

  /**
   * Finds the config file: {@code explicit} (from {@code --config}), else {@code $BUNDLE_CONFIG},
   * else {@code ./registries.json}, else {@code $XDG_CONFIG_HOME/bundle/registries.json} (by
   * default {@code ~/.config/bundle/registries.json}). A file named explicitly or by the variable
   * must exist; the default locations are optional.
   *
   * @return the file to load, or empty when none of the default locations has one
   */
  public static Optional<Path> locate(Path explicit, Map<String, String> env, Path cwd, Path home) {
    if (explicit != null) {
      return Optional.of(requireFile(cwd.resolve(explicit), "given with --config"));
    }
    String fromEnv = env.get(ENV_VAR);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(requireFile(cwd.resolve(fromEnv), "named by $" + ENV_VAR));
    }
    Path local = cwd.resolve(FILE_NAME);
    if (Files.isRegularFile(local)) {
      return Optional.of(local);
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    // The XDG spec says to ignore a relative XDG_CONFIG_HOME.
    Path configHome = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
        ? Path.of(xdg) : home.resolve(".config");
    Path user = configHome.resolve("bundle").resolve(FILE_NAME);
    return Files.isRegularFile(user) ? Optional.of(user) : Optional.empty();
  }

  /** {@link #locate} then {@link #load}, or {@link #empty()} when there is no file. */
  public static RegistriesConfig locateAndLoad(Path explicit, Map<String, String> env, Path cwd, Path home)
      throws IOException {
    Optional<Path> file = locate(explicit, env, cwd, home);
    return file.isPresent() ? load(file.get()) : empty();
  }

  /**
   * Reads and validates a config file; relative paths inside it resolve against its directory.
   *
   * @throws ConfigException listing every problem found, each with its JSON path
   * @throws IOException when the file cannot be read
   */
  public static RegistriesConfig load(Path file) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    JsonNode tree = ConfigDocument.read(absolute);
    ConfigBinder binder = new ConfigBinder(absolute.getParent());
    Map<String, RegistryConfig> registries = binder.registries(tree);
    Map<String, TargetConfig> targets = binder.targets(tree);
    if (!binder.problems().isEmpty()) {
      throw new ConfigException(absolute, binder.problems());
    }
    return new RegistriesConfig(absolute, Map.copyOf(registries), Collections.unmodifiableMap(targets));
  }

  /** The file this config came from, empty for {@link #empty()}. */
  public Optional<Path> source() {
    return Optional.ofNullable(source);
  }

  /** The entry for a host, if the file lists it (Docker Hub's names count as one host). */
  public Optional<RegistryConfig> registry(String host) {
    return Optional.ofNullable(registries.get(Hosts.canonical(host)));
  }

  /** How to reach {@code host}: its entry's settings, or {@link RegistrySettings#secure} when unlisted. */
  public RegistrySettings settingsFor(String host) {
    return registry(host).map(r -> r.settings(host)).orElseGet(() -> RegistrySettings.secure(host));
  }

  /**
   * Pull credentials: a host's {@code tokens.pull} auth file when configured, else the standard
   * docker and podman config files.
   */
  public CredentialSource credentials() {
    return credentials(DockerConfigCredentials.standard());
  }

  /** Like {@link #credentials()}, with the source for hosts that have no pull token configured. */
  public CredentialSource credentials(CredentialSource fallback) {
    return host -> registry(host)
        .flatMap(RegistryConfig::pullCredentials)
        .orElse(fallback)
        .credentialsFor(host);
  }

  /** Targets by name, in file order. */
  public Map<String, TargetConfig> targets() {
    return targets;
  }

  /** The named target; an unknown name is a {@link ConfigException} listing the known ones. */
  public TargetConfig target(String name) {
    TargetConfig target = targets.get(name);
    if (target != null) {
      return target;
    }
    String known = targets.isEmpty()
        ? (source == null ? "no registries config file was found, so there are no targets"
            : "the file defines no targets")
        : "known targets: " + String.join(", ", targets.keySet());
    throw new ConfigException(source, "$.targets." + name + ": no target named '" + name + "' (" + known + ")");
  }

  private static Path requireFile(Path p, String how) {
    if (!Files.exists(p)) {
      throw new ConfigException(p, "the registries config file " + how + " does not exist");
    }
    if (!Files.isRegularFile(p)) {
      throw new ConfigException(p, "the registries config file " + how + " is not a regular file");
    }
    return p;
  }

  @Override
  public String toString() {
    return "RegistriesConfig[" + (source == null ? "empty" : source) + ", registries=" + registries.keySet()
        + ", targets=" + targets.keySet() + "]";
  }
}
