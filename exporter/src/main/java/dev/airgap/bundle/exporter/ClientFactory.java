package dev.airgap.bundle.exporter;

import dev.airgap.bundle.registry.RegistryClient;

/** Supplies a registry client per host, configured with that registry's settings and credentials. */
@FunctionalInterface
public interface ClientFactory {
  RegistryClient clientFor(String host);
}
