package dev.airgap.bundle.importer.flavor;

import dev.airgap.bundle.registry.CredentialSource;
import dev.airgap.bundle.registry.CredentialsException;
import dev.airgap.bundle.registry.RegistryCredentials;
import dev.airgap.bundle.registry.Secret;
import dev.airgap.bundle.registry.config.TargetConfig;
import dev.airgap.bundle.registry.config.TokenRole;
import java.util.Optional;

/** Turns a target's token files into the header its flavor's admin API documents. */
final class AdminCredentials {
  private AdminCredentials() {}

  /** The {@code tokens.api} file as a bearer token; required. */
  static AdminAuth bearerFromApiToken(TargetConfig target, String whatToken) {
    Secret token = apiToken(target).orElseThrow(() -> new FlavorException("target " + target.name()
        + " has flavor " + target.flavor().configName() + ", whose API needs " + whatToken
        + ": set \"tokens\": {\"api\": \"FILE\"} to a file holding just that token"));
    return AdminAuth.bearer(token, "the API token of target " + target.name() + " (its tokens.api file)");
  }

  /**
   * The user and password the target pushes with: its {@code tokens.push} auth file, else
   * {@code fallback} (the standard docker and podman config files). Admin APIs want Basic; an
   * identity token is only good for a registry's token endpoint.
   */
  static AdminAuth basicFromPushCredentials(TargetConfig target, CredentialSource fallback, String product) {
    Optional<RegistryCredentials> found;
    try {
      found = target.pushCredentials(fallback).credentialsFor(target.host());
    } catch (CredentialsException e) {
      throw new FlavorException(e.getMessage(), e);
    }
    if (found.isEmpty()) {
      throw new FlavorException("target " + target.name() + " has no credentials for " + target.host()
          + " to use with the " + product + " API: set \"tokens\": {\"push\": \"FILE\"} to an auth file "
          + "(as 'podman login --authfile FILE' writes) with a user allowed to create repositories");
    }
    if (found.get() instanceof RegistryCredentials.Basic basic) {
      return AdminAuth.basic(basic.username(), basic.password(), "the credentials of user '"
          + basic.username() + "' for target " + target.name() + " (its push credentials)");
    }
    throw new FlavorException("the push credentials of target " + target.name() + " for " + target.host()
        + " are an identity token, which the " + product + " API does not accept; log in with a "
        + "username and password (or robot account) instead");
  }

  /** Fails when a flavor that cannot use an API token is given one, rather than ignoring it. */
  static void requireNoApiToken(TargetConfig target, String product) {
    if (target.tokens().containsKey(TokenRole.API)) {
      throw new FlavorException("target " + target.name() + " sets tokens.api, but the " + product
          + " API takes the user and password of its push credentials; remove tokens.api");
    }
  }

  private static Optional<Secret> apiToken(TargetConfig target) {
    try {
      return target.apiToken();
    } catch (CredentialsException e) {
      throw new FlavorException(e.getMessage(), e);
    }
  }
}
