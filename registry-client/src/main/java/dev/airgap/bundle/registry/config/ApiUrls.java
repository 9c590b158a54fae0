package dev.airgap.bundle.registry.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks a target's {@code api-url}: the base that a flavor's documented API paths are appended to. */
final class ApiUrls {
  private ApiUrls() {}

  /** Parses and checks {@code text}; the message of the exception says what is wrong in one phrase. */
  static URI parse(String text) {
    try {
      return check(new URI(text));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + text + "' is not a URL (" + e.getReason() + ")");
    }
  }

  /**
   * The url itself, without a trailing slash, if it is an absolute http(s) url with a host and
   * nothing that would be lost or leaked: credentials belong in token files, where they are
   * protected and never printed, and a query or fragment would be silently dropped when paths are
   * appended.
   */
  static URI check(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("'" + url + "' must start with https:// (or http:// for a "
          + "plain-http target on this machine)");
    }
    if (url.getRawUserInfo() != null) {
      // The text may be a password: do not repeat it.
      throw new IllegalArgumentException("the url must not carry a user or password; the API "
          + "credentials come from the target's token files");
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("'" + url + "' has no host name");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException("'" + url + "' must not have a query or fragment");
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    String trimmed = path.replaceAll("/+$", "");
    return trimmed.equals(path) ? url : URI.create(scheme + "://" + url.getRawAuthority() + trimmed);
  }
}
