package dev.airgap.bundle.registry;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach one registry host.
 *
 * @param host "host[:port]" as it appears in image references
 * @param tlsVerify verify the server certificate and host name (on unless explicitly disabled)
 * @param caFile an extra PEM file of trusted certificates, added to the JDK's defaults
 * @param plainHttp speak plain HTTP; only when explicitly configured, and never with credentials
 */
public record RegistrySettings(String host, boolean tlsVerify, Path caFile, boolean plainHttp) {
  private static final Pattern HOST =
      Pattern.compile("(?:[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?");

  public RegistrySettings {
    Objects.requireNonNull(host, "host");
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("'" + host + "' is not a registry host[:port]");
    }
  }

  /** TLS with verification against the JDK's trusted roots: the default for any host. */
  public static RegistrySettings secure(String host) {
    return new RegistrySettings(host, true, null, false);
  }

  public RegistrySettings withCaFile(Path file) {
    return new RegistrySettings(host, tlsVerify, file, plainHttp);
  }

  public RegistrySettings withTlsVerify(boolean verify) {
    return new RegistrySettings(host, verify, caFile, plainHttp);
  }

  public RegistrySettings withPlainHttp(boolean plain) {
    return new RegistrySettings(host, tlsVerify, caFile, plain);
  }

  public String scheme() {
    return plainHttp ? "http" : "https";
  }
}
