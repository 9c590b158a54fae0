package dev.airgap.bundle.registry;

import java.net.URI;
import java.util.Locale;

/**
 * Scheme, host and port of a URL: what credentials are bound to. A request whose URL has another
 * origin than the configured registry's (an upload Location, a pagination Link or a redirect to
 * object storage) goes without {@code Authorization}, and its challenges are not ours to answer.
 */
record Origin(String scheme, String host, int port) {

  static Origin of(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
    return new Origin(scheme, host, port);
  }

  boolean matches(URI uri) {
    return equals(of(uri));
  }

  boolean isTls() {
    return scheme.equals("https");
  }

  /** "host:port" for messages: never a path or query, which may carry a session or a token. */
  String hostAndPort() {
    return host + ":" + port; // an IPv6 host keeps the brackets URI gives it
  }
}
