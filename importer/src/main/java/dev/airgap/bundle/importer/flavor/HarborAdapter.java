package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Harbor: a push into a project that does not exist fails, so each repository's project (its
 * first path component) is looked up and created when missing. Repositories inside a project
 * appear on push.
 */
final class HarborAdapter implements FlavorAdapter {
  private final AdminApi api;
  private final boolean makePublic;
  private final OncePerKey ensured = new OncePerKey();

  HarborAdapter(AdminApi api, boolean makePublic) {
    this.api = api;
    this.makePublic = makePublic;
  }

  @Override
  public String flavor() {
    return "harbor";
  }

  @Override
  public void ensureRepository(String repository) {
    String project = RepositoryPaths.first(repository);
    if (RepositoryPaths.rest(repository).isEmpty()) {
      throw new FlavorException("Harbor repositories live in a project, but '" + repository + "' has no "
          + "project; put the project in the url of target " + api.targetName() + ", as host/project");
    }
    ensured.run(project, () -> {
      if (!exists(project)) {
        create(project);
      }
    });
  }

  private boolean exists(String project) {
    AdminResponse response = api.send("HEAD",
        "/api/v2.0/projects?project_name=" + URLEncoder.encode(project, StandardCharsets.UTF_8), null);
    return switch (response.status()) {
      case 200 -> true;
      case 404 -> false;
      case 403 -> throw forbidden("look up", project, response);
      default -> throw api.unexpected("look up project " + project, response);
    };
  }

  private void create(String project) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("project_name", project);
    // Harbor's project metadata values are strings, "true" or "false".
    body.putObject("metadata").put("public", Boolean.toString(makePublic));
    AdminResponse response = api.send("POST", "/api/v2.0/projects", body);
    switch (response.status()) {
      // 409: created meanwhile, by another import or a person; what we wanted either way.
      case 201, 409 -> { }
      case 403 -> throw forbidden("create", project, response);
      default -> throw api.unexpected("create project " + project, response);
    }
  }

  private FlavorException forbidden(String verb, String project, AdminResponse response) {
    return new FlavorException("Harbor refused to " + verb + " project " + project + " for target "
        + api.targetName() + ": " + api.auth().description() + " may not (HTTP 403" + api.quoted(response)
        + "); a Harbor administrator must create the project or let this user create projects");
  }
}
