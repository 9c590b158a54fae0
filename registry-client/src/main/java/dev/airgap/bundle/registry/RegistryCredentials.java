package dev.airgap.bundle.registry;

import java.util.Objects;

/** What we may present to a registry: a user and password, or an OAuth2 refresh token. */
public sealed interface RegistryCredentials {

  /** Username and password (or access token used as a password). */
  record Basic(String username, Secret password) implements RegistryCredentials {
    public Basic {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }
  }

  /**
   * A docker config {@code identitytoken}: an OAuth2 refresh token exchanged at the token realm
   * for access tokens, never sent to the registry itself.
   */
  record RefreshToken(Secret token) implements RegistryCredentials {
    public RefreshToken {
      Objects.requireNonNull(token, "token");
    }
  }
}
