package dev.airgap.bundle.registry;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The one place that turns a registry's settings into a JDK HTTP client, so every caller (the
 * distribution API here, a flavor's admin API in the importer) honours tls-verify and ca-file the
 * same way.
 */
public final class HttpClients {
  /**
   * How long a connection may take to open and a server may stay silent mid-exchange, unless the
   * user sets {@code --timeout}: long enough for a registry that commits a large upload to slow
   * storage, short enough that a dead peer is noticed.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

  private HttpClients() {}

  /**
   * A builder set up for {@code settings}: HTTP/1.1, the TLS trust the settings ask for, and no
   * automatic redirects — a redirect must be followed by code that decides whether credentials go
   * along, never by the client.
   *
   * @throws IllegalArgumentException when the ca-file cannot be read or holds no certificate
   */
  public static HttpClient.Builder builder(RegistrySettings settings) {
    return builder(settings, DEFAULT_TIMEOUT);
  }

  /** Like {@link #builder(RegistrySettings)}, giving up on a connection that takes longer than {@code connectTimeout}. */
  public static HttpClient.Builder builder(RegistrySettings settings, Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .sslContext(TlsContexts.forSettings(settings));
  }
}
