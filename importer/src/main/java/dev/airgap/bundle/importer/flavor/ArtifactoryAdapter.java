package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Artifactory with the repository-path layout ({@code host/<repoKey>/<image>}): every image of
 * the target lands in one local Docker repository, named by the first component of the url's
 * path. It is created when missing; an existing one is left exactly as configured.
 */
final class ArtifactoryAdapter implements FlavorAdapter {
  private final AdminApi api;
  private final String key;
  private final OncePerKey ensured = new OncePerKey();

  ArtifactoryAdapter(AdminApi api, String key) {
    this.api = api;
    this.key = key;
  }

  @Override
  public String flavor() {
    return "artifactory";
  }

  @Override
  public void ensureRepository(String repository) {
    if (!RepositoryPaths.first(repository).equals(key)) {
      throw new IllegalArgumentException("repository " + repository + " is not under the Artifactory "
          + "repository key " + key + " of target " + api.targetName());
    }
    ensured.run(key, () -> {
      if (!exists()) {
        create();
      }
    });
  }

  private boolean exists() {
    AdminResponse response = api.send("GET", "/artifactory/api/repositories/" + key, null);
    return switch (response.status()) {
      case 200 -> true;
      // Artifactory answers a missing key with 400 or 404, depending on the version.
      case 400, 404 -> false;
      case 403 -> throw forbidden("look up", response);
      default -> throw api.unexpected("look up repository " + key, response);
    };
  }

  private void create() {
    ObjectNode body = JsonNodeFactory.instance.objectNode()
        .put("key", key)
        .put("rclass", "local")
        .put("packageType", "docker")
        .put("dockerApiVersion", "V2");
    AdminResponse response = api.send("PUT", "/artifactory/api/repositories/" + key, body);
    switch (response.status()) {
      case 200 -> { }
      case 400 -> {
        // Created meanwhile by someone else: fine. Any other 400 is a real refusal.
        if (!response.bodyMentions("already exists")) {
          throw api.unexpected("create local Docker repository " + key, response);
        }
      }
      case 403 -> throw forbidden("create", response);
      default -> throw api.unexpected("create local Docker repository " + key, response);
    }
  }

  private FlavorException forbidden(String verb, AdminResponse response) {
    return new FlavorException("Artifactory refused to " + verb + " repository " + key + " for target "
        + api.targetName() + ": " + api.auth().description() + " may not (HTTP 403" + api.quoted(response)
        + "); an Artifactory administrator must create the local Docker repository or grant that right");
  }
}
