package dev.airgap.bundle.importer.flavor;

import dev.airgap.bundle.registry.config.TargetConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Where a target's admin API is, and whether credentials may be sent there. */
final class AdminEndpoint {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private AdminEndpoint() {}

  /**
   * The target's admin API base url, checked before any credential is even read: over plain HTTP
   * anyone on the path can read an admin token, so http is accepted only when the target opted in
   * with {@code plain-http} and the API is on this machine (as in tests and local labs).
   */
  static URI base(TargetConfig target, String product) {
    URI base = target.apiBaseUrl();
    if (base.getScheme().toLowerCase(Locale.ROOT).equals("http")
        && !(target.plainHttp() && isLoopback(base.getHost()))) {
      throw new FlavorException("refusing to send the " + product + " API credentials of target "
          + target.name() + " over plain HTTP to " + base + "; use an https api-url (http is allowed "
          + "only for a loopback address of a target with \"plain-http\": true)");
    }
    return base;
  }

  /**
   * Loopback by its literal form only: a name other than localhost would need a DNS answer, and
   * DNS is exactly what an attacker on the network could forge.
   */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!IPV4.matcher(h).matches() && !h.contains(":")) {
      return false;
    }
    try {
      // A literal address is parsed, not looked up.
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
