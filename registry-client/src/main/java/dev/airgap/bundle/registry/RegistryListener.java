package dev.airgap.bundle.registry;

import java.net.URI;
import java.time.Duration;

/** Observes registry traffic, e.g. to log retries. Every method has a no-op default. */
public interface RegistryListener {
  RegistryListener NONE = new RegistryListener() {};

  /** An answer arrived. The URI never carries credentials. */
  default void answered(String method, URI uri, int status) {}

  /** A try failed and another follows after {@code delay}. */
  default void retrying(String operation, int attempt, Duration delay, String reason) {}

  /** A blob download broke off and resumes at {@code offset}. */
  default void resuming(String operation, long offset) {}
}
