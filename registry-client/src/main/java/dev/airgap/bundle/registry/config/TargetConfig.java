package dev.airgap.bundle.registry.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.airgap.bundle.format.ImageRef;
import dev.airgap.bundle.registry.CredentialSource;
import dev.airgap.bundle.registry.CredentialsException;
import dev.airgap.bundle.registry.DockerConfigCredentials;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.registry.Secret;
import dev.airgap.bundle.registry.SettingNames;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One named destination from {@code targets}: where images go and how to get in.
 *
 * @param name the key in {@code targets}
 * @param host "host[:port]" from the url
 * @param pathPrefix the url's path without slashes at either end ("" when the url is a bare host)
 * @param tokens absolute token file paths by role ({@link TokenRole#PUSH}, {@link TokenRole#API})
 * @param caFile absolute path, or null
 * @param options the flavor's options object ({@code "quay": {...}}), an empty object when absent
 * @param apiUrl the {@code api-url} for the flavor's admin API, or null for the default (see
 *     {@link #apiBaseUrl()})
 * @param ledgerRepository the full repository path (not under {@code pathPrefix}) that holds the
 *     import ledger; null means {@link #defaultLedgerRepository(String)}
 * @param pull the {@code pull} section (credentials for clusters), or null when there is none
 */
public record TargetConfig(
    String name,
    String host,
    String pathPrefix,
    Flavor flavor,
    Map<TokenRole, Path> tokens,
    boolean tlsVerify,
    boolean plainHttp,
    Path caFile,
    RepositoryTemplate repositoryTemplate,
    JsonNode options,
    URI apiUrl,
    String ledgerRepository,
    PullConfig pull) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  /** An API token is one line; anything this large is the wrong file. */
  private static final int MAX_API_TOKEN_BYTES = 64 * 1024;
  /** The ledger repository's last component when the config does not name one. */
  public static final String DEFAULT_LEDGER_NAME = "bundle-ledger";

  public TargetConfig {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a target name");
    }
    RegistrySettings.secure(Objects.requireNonNull(host, "host"));
    Objects.requireNonNull(pathPrefix, "pathPrefix");
    if (!pathPrefix.isEmpty()) {
      ImageRef.requireValidRepository(pathPrefix);
    }
    Objects.requireNonNull(flavor, "flavor");
    Objects.requireNonNull(repositoryTemplate, "repositoryTemplate");
    tokens.values().forEach(p -> RegistryConfig.requireAbsolute(p, "a token file"));
    RegistryConfig.requireAbsolute(caFile, "caFile");
    tokens = Map.copyOf(tokens);
    options = options == null ? JsonNodeFactory.instance.objectNode() : options.deepCopy();
    if (!options.isObject()) {
      throw new IllegalArgumentException("flavor options must be a JSON object");
    }
    if (apiUrl != null) {
      apiUrl = ApiUrls.check(apiUrl);
    }
    ledgerRepository = ImageRef.requireValidRepository(
        ledgerRepository != null ? ledgerRepository : defaultLedgerRepository(pathPrefix));
    if (pull != null && pull.usesRobot() && flavor != Flavor.QUAY) {
      throw new IllegalArgumentException("a pull robot is a Quay robot account, but the flavor is "
          + flavor.configName());
    }
  }

  /** A target with the default ledger repository and no {@code pull} section. */
  public TargetConfig(String name, String host, String pathPrefix, Flavor flavor, Map<TokenRole, Path> tokens,
      boolean tlsVerify, boolean plainHttp, Path caFile, RepositoryTemplate repositoryTemplate, JsonNode options,
      URI apiUrl) {
    this(name, host, pathPrefix, flavor, tokens, tlsVerify, plainHttp, caFile, repositoryTemplate, options, apiUrl,
        null, null);
  }

  /** A target without an {@code api-url}: the admin API is on the registry host itself. */
  public TargetConfig(String name, String host, String pathPrefix, Flavor flavor, Map<TokenRole, Path> tokens,
      boolean tlsVerify, boolean plainHttp, Path caFile, RepositoryTemplate repositoryTemplate, JsonNode options) {
    this(name, host, pathPrefix, flavor, tokens, tlsVerify, plainHttp, caFile, repositoryTemplate, options, null,
        null, null);
  }

  /**
   * Where the ledger lives when the config names no repository: next to the images, under the
   * url's path, so a user who may push there may also keep the ledger there.
   */
  public static String defaultLedgerRepository(String pathPrefix) {
    return pathPrefix.isEmpty() ? DEFAULT_LEDGER_NAME : pathPrefix + "/" + DEFAULT_LEDGER_NAME;
  }

  /** A copy, so the record stays immutable. */
  @Override
  public JsonNode options() {
    return options.deepCopy();
  }

  /** "host[:port][/prefix]" as written in the config, without a trailing slash. */
  public String url() {
    return pathPrefix.isEmpty() ? host : host + "/" + pathPrefix;
  }

  /**
   * Where the flavor's admin API lives: {@code api-url} when set, else the registry host itself,
   * over http only for a plain-http target. Never ends with a slash; API paths are appended.
   */
  public URI apiBaseUrl() {
    return apiUrl != null ? apiUrl : URI.create(settings().scheme() + "://" + host);
  }

  public RegistrySettings settings() {
    return RegistrySettings.secure(host)
        .withTlsVerify(tlsVerify)
        .withPlainHttp(plainHttp)
        .withCaFile(caFile);
  }

  /** How the user changes this target's connection settings: its keys in registries.json. */
  public SettingNames settingNames() {
    return SettingNames.target(name);
  }

  /**
   * Credentials to push with: the {@code tokens.push} auth file when configured (an error if it is
   * missing or lacks this host), else the standard docker and podman config files.
   */
  public CredentialSource pushCredentials() {
    return pushCredentials(DockerConfigCredentials.standard());
  }

  /** Like {@link #pushCredentials()}, with the source to use when no push token is configured. */
  public CredentialSource pushCredentials(CredentialSource fallback) {
    Path file = tokens.get(TokenRole.PUSH);
    return file == null ? fallback : new AuthFileCredentials(file, host, "push token file of target " + name);
  }

  /**
   * The credential clusters pull with, from the {@code pull} section's {@code token-file}: an
   * error if that file is missing or has no entry for this target's host.
   *
   * @throws IllegalStateException when the target has no pull section with a token file
   */
  public CredentialSource pullTokenCredentials() {
    if (pull == null || pull.tokenFile() == null) {
      throw new IllegalStateException("target " + name + " has no pull token-file");
    }
    return new AuthFileCredentials(pull.tokenFile(), host, "pull token-file of target " + name);
  }

  /** The bearer token for the flavor's admin API, read from the {@code tokens.api} file when configured. */
  public Optional<Secret> apiToken() {
    Path file = tokens.get(TokenRole.API);
    if (file == null) {
      return Optional.empty();
    }
    String what = "the API token file " + file + " of target " + name;
    try {
      if (Files.size(file) > MAX_API_TOKEN_BYTES) {
        throw new CredentialsException(what + " is too large to be a token");
      }
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        throw new CredentialsException(what + " is empty");
      }
      if (token.contains("\n")) {
        throw new CredentialsException(what + " has more than one line; it must hold just the token");
      }
      return Optional.of(Secret.of(token));
    } catch (IOException e) {
      throw new CredentialsException("could not read " + what, e);
    }
  }

  /**
   * The full target repository for a source repository: the url's path prefix, then the expanded
   * template. {@code key} is the image's key in the release (may be null if the template does not
   * use it).
   */
  public String repositoryFor(String sourceRepository, String key) {
    String tail = repositoryTemplate.expand(sourceRepository, key);
    return ImageRef.requireValidRepository(pathPrefix.isEmpty() ? tail : pathPrefix + "/" + tail);
  }
}
