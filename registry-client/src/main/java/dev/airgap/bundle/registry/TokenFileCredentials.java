package dev.airgap.bundle.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials kept in a file per registry: the file holds the password or access token (one
 * line, surrounding whitespace ignored) and the username is configured beside it.
 */
public final class TokenFileCredentials implements CredentialSource {
  /** One configured entry: who we log in as and where the secret is. */
  public record Entry(String username, Path secretFile) {}

  private final Map<String, Entry> byHost;

  public TokenFileCredentials(Map<String, Entry> byHost) {
    this.byHost = Map.copyOf(byHost);
  }

  @Override
  public Optional<RegistryCredentials> credentialsFor(String registryHost) {
    Entry entry = byHost.get(registryHost);
    if (entry == null) {
      return Optional.empty();
    }
    String secret;
    try {
      secret = Files.readString(entry.secretFile(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new CredentialsException(
          "could not read the token file " + entry.secretFile() + " for " + registryHost, e);
    }
    if (secret.isEmpty()) {
      throw new CredentialsException(
          "the token file " + entry.secretFile() + " for " + registryHost + " is empty");
    }
    return Optional.of(new RegistryCredentials.Basic(entry.username(), Secret.of(secret)));
  }
}
