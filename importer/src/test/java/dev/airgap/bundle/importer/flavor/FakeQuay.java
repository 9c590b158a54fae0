package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Quay's {@code POST /api/v1/repository}, with a bearer token; names are "namespace/name". */
final class FakeQuay extends FakeAdminServer {
  private final Map<String, String> visibility = new ConcurrentHashMap<>();

  FakeQuay(String token) {
    super("Bearer " + token, null);
  }

  /** The visibility a repository was created with. */
  String visibilityOf(String repository) {
    return visibility.get(repository);
  }

  @Override
  protected Answer answer(Request request) {
    if (!request.method().equals("POST") || !request.uri().equals("/api/v1/repository")) {
      return Answer.of(404, error("Not Found", request));
    }
    JsonNode json = parse(request.body());
    if (!hasExactly(json, "namespace", "repository", "visibility", "description", "repo_kind")
        || !Set.of("public", "private").contains(json.path("visibility").asText())
        || !json.path("repo_kind").asText().equals("image")
        || !json.path("description").isTextual()) {
      return Answer.of(400, error("Invalid request body", request));
    }
    String name = json.get("namespace").asText() + "/" + json.get("repository").asText();
    if (existing.contains(name)) {
      return Answer.of(400, error("Repository already exists", request));
    }
    if (refuseCreatesWith() == 402) {
      return Answer.of(402, error("Over private repository quota for this plan", request));
    }
    if (refuseCreatesWith() == 403) {
      return Answer.of(403, error("Unauthorized", request));
    }
    existing.add(name);
    visibility.put(name, json.get("visibility").asText());
    ObjectNode created = JSON.createObjectNode()
        .put("namespace", json.get("namespace").asText())
        .put("name", json.get("repository").asText())
        .put("kind", "image");
    return Answer.of(201, created.toString());
  }

  @Override
  protected String unauthorizedBody() {
    return JSON.createObjectNode().put("error", "invalid_token").toString();
  }

  /** Quay's error shape: detail, error_message, status. */
  private String error(String message, Request request) {
    return JSON.createObjectNode()
        .put("detail", message + echo(request))
        .put("error_message", message + echo(request))
        .put("error_type", "invalid_request")
        .toString();
  }
}
