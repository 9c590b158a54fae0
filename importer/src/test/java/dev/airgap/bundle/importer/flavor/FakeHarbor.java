package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Harbor v2's project lookup ({@code HEAD /api/v2.0/projects?project_name=P}) and creation
 * ({@code POST /api/v2.0/projects}), with Basic auth.
 */
final class FakeHarbor extends FakeAdminServer {
  private static final Pattern LOOKUP = Pattern.compile("/api/v2\\.0/projects\\?project_name=([a-z0-9._-]+)");
  private final Map<String, String> publicFlag = new ConcurrentHashMap<>();

  FakeHarbor(String basicHeader, SSLContext tls) {
    super(basicHeader, tls);
  }

  /** The metadata.public value a project was created with ("true"/"false"). */
  String publicFlagOf(String project) {
    return publicFlag.get(project);
  }

  @Override
  protected Answer answer(Request request) {
    Matcher lookup = LOOKUP.matcher(request.uri());
    if (request.method().equals("HEAD") && lookup.matches()) {
      String project = lookup.group(1);
      return Answer.empty(existing.contains(project) && !lookupHidden() ? 200 : 404);
    }
    if (request.method().equals("POST") && request.uri().equals("/api/v2.0/projects")) {
      return create(request);
    }
    return Answer.of(404, errors("NOT_FOUND", "not found", request));
  }

  private Answer create(Request request) {
    JsonNode json = parse(request.body());
    if (!hasExactly(json, "project_name", "metadata") || !hasExactly(json.get("metadata"), "public")
        || !json.get("metadata").get("public").isTextual()
        || !Set.of("true", "false").contains(json.get("metadata").get("public").asText())) {
      return Answer.of(400, errors("BAD_REQUEST", "invalid project request", request));
    }
    String project = json.get("project_name").asText();
    if (existing.contains(project)) {
      return Answer.of(409, errors("CONFLICT", "The project named " + project + " already exists", request));
    }
    if (refuseCreatesWith() != 0) {
      return Answer.of(refuseCreatesWith(), errors("FORBIDDEN", "forbidden", request));
    }
    existing.add(project);
    publicFlag.put(project, json.get("metadata").get("public").asText());
    return new Answer(201, null, "/api/v2.0/projects/" + existing.size());
  }

  @Override
  protected String unauthorizedBody() {
    return errors("UNAUTHORIZED", "unauthorized", null);
  }

  /** Harbor's error shape: {"errors": [{"code", "message"}]}. */
  private String errors(String code, String message, Request request) {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("errors").addObject()
        .put("code", code)
        .put("message", message + (request == null ? "" : echo(request)));
    return root.toString();
  }
}
