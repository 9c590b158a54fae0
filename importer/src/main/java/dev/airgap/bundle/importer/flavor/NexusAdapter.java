package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airgap.bundle.format.ImageRef;

/**
 * Nexus 3: the target's url is served by one hosted Docker repository (named in the target's
 * nexus options); it is created when missing. Image repositories inside it appear on push.
 */
final class NexusAdapter implements FlavorAdapter {
  private final AdminApi api;
  private final String name;
  private final Integer httpPort;
  private final OncePerKey ensured = new OncePerKey();

  /** {@code httpPort}: the connector port for a repository this creates, or null for none. */
  NexusAdapter(AdminApi api, String name, Integer httpPort) {
    this.api = api;
    this.name = name;
    this.httpPort = httpPort;
  }

  @Override
  public String flavor() {
    return "nexus";
  }

  @Override
  public void ensureRepository(String repository) {
    // Every repository of the target lives in the one hosted repository; only the name is checked.
    ImageRef.requireValidRepository(repository);
    ensured.run(name, () -> {
      if (!exists()) {
        create();
      }
    });
  }

  private boolean exists() {
    AdminResponse response = api.send("GET", "/service/rest/v1/repositories/docker/hosted/" + name, null);
    return switch (response.status()) {
      case 200 -> true;
      case 404 -> false;
      case 403 -> throw forbidden("look up", response);
      default -> throw api.unexpected("look up hosted Docker repository " + name, response);
    };
  }

  private void create() {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("online", true);
    body.putObject("storage")
        .put("blobStoreName", "default")
        .put("strictContentTypeValidation", true)
        .put("writePolicy", "ALLOW");
    ObjectNode docker = body.putObject("docker").put("v1Enabled", false).put("forceBasicAuth", true);
    if (httpPort != null) {
      docker.put("httpPort", httpPort);
    }
    AdminResponse response = api.send("POST", "/service/rest/v1/repositories/docker/hosted", body);
    switch (response.status()) {
      case 201 -> { }
      case 400 -> {
        // Nexus answers a duplicate name with a plain 400, like any invalid request; asking
        // again tells a repository created meanwhile from a real refusal.
        if (!exists()) {
          throw api.unexpected("create hosted Docker repository " + name, response);
        }
      }
      case 403 -> throw forbidden("create", response);
      default -> throw api.unexpected("create hosted Docker repository " + name, response);
    }
  }

  private FlavorException forbidden(String verb, AdminResponse response) {
    return new FlavorException("Nexus refused to " + verb + " repository " + name + " for target "
        + api.targetName() + ": " + api.auth().description() + " may not (HTTP 403" + api.quoted(response)
        + "); a Nexus administrator must create the hosted Docker repository or grant that right");
  }
}
