package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Artifactory's repository configuration: {@code GET} (200, or 400 for a missing key) and {@code
 * PUT /artifactory/api/repositories/{key}} creating a local Docker repository. Accepts one
 * Authorization header, Basic or Bearer.
 */
final class FakeArtifactory extends FakeAdminServer {
  private static final Pattern REPO = Pattern.compile("/artifactory/api/repositories/([A-Za-z0-9._-]+)");

  FakeArtifactory(String authorizationHeader) {
    super(authorizationHeader, null);
  }

  @Override
  protected Answer answer(Request request) {
    Matcher m = REPO.matcher(request.uri());
    if (!m.matches()) {
      return Answer.of(404, errors(404, "Not Found", request));
    }
    String key = m.group(1);
    return switch (request.method()) {
      case "GET" -> existing.contains(key) && !lookupHidden()
          ? Answer.of(200, JSON.createObjectNode().put("key", key).put("rclass", "local")
              .put("packageType", "docker").put("dockerApiVersion", "V2").toString())
          : Answer.of(400, errors(400, "Bad Request", request));
      case "PUT" -> create(key, request);
      default -> Answer.of(405, errors(405, "Method Not Allowed", request));
    };
  }

  private Answer create(String key, Request request) {
    JsonNode json = parse(request.body());
    if (!hasExactly(json, "key", "rclass", "packageType", "dockerApiVersion")
        || !json.get("key").asText().equals(key)
        || !json.get("rclass").asText().equals("local")
        || !json.get("packageType").asText().equals("docker")
        || !json.get("dockerApiVersion").asText().equals("V2")) {
      return Answer.of(400, errors(400, "Invalid repository configuration", request));
    }
    if (existing.contains(key)) {
      return Answer.of(400, errors(400, "Case insensitive repository key already exists", request));
    }
    if (refuseCreatesWith() != 0) {
      return Answer.of(refuseCreatesWith(), errors(refuseCreatesWith(), "Forbidden", request));
    }
    existing.add(key);
    return Answer.of(200, "\"Successfully created repository '" + key + "'\"");
  }

  @Override
  protected String unauthorizedBody() {
    return errors(401, "Bad credentials", null);
  }

  /** Artifactory's error shape: {"errors": [{"status", "message"}]}. */
  private String errors(int status, String message, Request request) {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("errors").addObject()
        .put("status", status)
        .put("message", message + (request == null ? "" : echo(request)));
    return root.toString();
  }
}
