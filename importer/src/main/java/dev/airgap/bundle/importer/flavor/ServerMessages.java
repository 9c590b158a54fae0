package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airgap.bundle.registry.Redactor;
import java.io.IOException;

/**
 * The human part of an error body, for quoting in a message: the products wrap it differently
 * (Quay {@code error_message}/{@code detail}; Harbor and Artifactory {@code errors[].message};
 * Nexus a list of {@code {id, message}}), and a raw HTML error page helps nobody.
 *
 * <p>Secrets are scrubbed before the summary is cut short, so a secret the cut goes through shows
 * no part of itself.
 */
final class ServerMessages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_CHARS = 200;

  private ServerMessages() {}

  /**
   * A short single-line summary of {@code body} without what {@code redactor} hides, or "" when it
   * says nothing useful.
   */
  static String summary(String body, Redactor redactor) {
    String text = body.strip();
    if (text.isEmpty()) {
      return "";
    }
    try {
      JsonNode json = JSON.readTree(text);
      String found = fromJson(json);
      if (found != null) {
        return shorten(found, redactor);
      }
    } catch (IOException notJson) {
      // fall through to the raw text
    }
    if (text.startsWith("<")) {
      return "";
    }
    return shorten(text, redactor);
  }

  private static String fromJson(JsonNode json) {
    if (json == null) {
      return null;
    }
    if (json.isArray() && json.size() > 0) {
      return fromJson(json.get(0));
    }
    for (String field : new String[] {"error_message", "detail", "message", "error"}) {
      JsonNode value = json.get(field);
      if (value != null && value.isTextual() && !value.asText().isBlank()) {
        return value.asText();
      }
    }
    JsonNode errors = json.get("errors");
    return errors != null ? fromJson(errors) : null;
  }

  private static String shorten(String s, Redactor redactor) {
    return redactor.shorten(s.replaceAll("\\p{Cntrl}+", " ").strip(), MAX_CHARS);
  }
}
