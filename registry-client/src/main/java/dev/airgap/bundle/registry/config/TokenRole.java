package dev.airgap.bundle.registry.config;

import java.util.Locale;

/** What a token file configured in registries.json is used for. */
public enum TokenRole {
  /** A docker-config auth file ({"auths": {...}}) for pulling from a source registry. */
  PULL,
  /** A docker-config auth file for pushing to a target. */
  PUSH,
  /** A file holding one bare bearer token for a flavor's admin API (e.g. a Quay OAuth token). */
  API;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
