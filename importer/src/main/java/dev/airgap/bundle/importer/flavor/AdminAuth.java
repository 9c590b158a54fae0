package dev.airgap.bundle.importer.flavor;

import dev.airgap.bundle.registry.Redactor;
import dev.airgap.bundle.registry.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The {@code Authorization} header for a flavor's admin API and what it may never show.
 *
 * @param header the whole header value ("Bearer …" or "Basic …")
 * @param description how messages name the credentials, e.g. "the API token (tokens.api)"
 * @param hidden every form of the secret that must be scrubbed from text a server sends back
 */
record AdminAuth(Secret header, String description, List<Secret> hidden) {
  AdminAuth {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(description, "description");
    hidden = List.copyOf(hidden);
  }

  static AdminAuth bearer(Secret token, String description) {
    return new AdminAuth(Secret.of("Bearer " + token.reveal()), description, List.of(token));
  }

  static AdminAuth basic(String username, Secret password, String description) {
    String pair = Base64.getEncoder()
        .encodeToString((username + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
    return new AdminAuth(Secret.of("Basic " + pair), description, List.of(password, Secret.of(pair)));
  }

  /**
   * Replaces every form of the secret by {@code ****}: an error page that echoes the request must
   * not carry the secret into an exception message.
   */
  Redactor redactor() {
    return Redactor.of(hidden);
  }

  String redact(String text) {
    return redactor().redact(text);
  }
}
