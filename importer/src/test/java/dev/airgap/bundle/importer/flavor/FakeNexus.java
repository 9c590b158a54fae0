package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nexus 3's hosted Docker repositories: {@code GET
 * /service/rest/v1/repositories/docker/hosted/{name}} (200/404) and {@code POST
 * /service/rest/v1/repositories/docker/hosted} (201; 400 for a duplicate name), with Basic auth.
 */
final class FakeNexus extends FakeAdminServer {
  private static final String BASE = "/service/rest/v1/repositories/docker/hosted";
  private static final Pattern ONE = Pattern.compile(Pattern.quote(BASE) + "/([A-Za-z0-9._-]+)");
  private final Map<String, JsonNode> created = new ConcurrentHashMap<>();

  FakeNexus(String basicHeader) {
    super(basicHeader, null);
  }

  /** The body a repository was created with. */
  JsonNode createdWith(String name) {
    return created.get(name);
  }

  @Override
  protected Answer answer(Request request) {
    Matcher one = ONE.matcher(request.uri());
    if (request.method().equals("GET") && one.matches()) {
      String name = one.group(1);
      return existing.contains(name) && !lookupHidden()
          ? Answer.of(200, JSON.createObjectNode().put("name", name).put("format", "docker")
              .put("type", "hosted").put("online", true).toString())
          : Answer.empty(404);
    }
    if (request.method().equals("POST") && request.uri().equals(BASE)) {
      return create(request);
    }
    return Answer.empty(404);
  }

  private Answer create(Request request) {
    JsonNode json = parse(request.body());
    if (!validBody(json)) {
      return Answer.of(400, errors("*", "Invalid request body", request));
    }
    String name = json.get("name").asText();
    if (existing.stream().anyMatch(name::equalsIgnoreCase)) {
      return Answer.of(400, errors("name", "Name is already used, must be unique (ignoring case)", request));
    }
    if (refuseCreatesWith() != 0) {
      return Answer.of(refuseCreatesWith(), errors("*", "Forbidden", request));
    }
    existing.add(name);
    created.put(name, json);
    return Answer.empty(201);
  }

  private static boolean validBody(JsonNode json) {
    if (!hasExactly(json, "name", "online", "storage", "docker") || !json.get("online").isBoolean()) {
      return false;
    }
    JsonNode storage = json.get("storage");
    JsonNode docker = json.get("docker");
    boolean storageOk = hasExactly(storage, "blobStoreName", "strictContentTypeValidation", "writePolicy")
        && storage.get("blobStoreName").isTextual()
        && storage.get("strictContentTypeValidation").isBoolean()
        && storage.get("writePolicy").asText().matches("ALLOW|ALLOW_ONCE|DENY");
    boolean dockerOk = (hasExactly(docker, "v1Enabled", "forceBasicAuth")
        || hasExactly(docker, "v1Enabled", "forceBasicAuth", "httpPort"))
        && docker.get("v1Enabled").isBoolean()
        && docker.get("forceBasicAuth").isBoolean()
        && (!docker.has("httpPort") || docker.get("httpPort").isInt());
    return storageOk && dockerOk;
  }

  @Override
  protected String unauthorizedBody() {
    return "";
  }

  /** Nexus's validation error shape: [{"id", "message"}]. */
  private String errors(String id, String message, Request request) {
    ArrayNode root = JSON.createArrayNode();
    root.addObject().put("id", id).put("message", message + echo(request));
    return root.toString();
  }
}
