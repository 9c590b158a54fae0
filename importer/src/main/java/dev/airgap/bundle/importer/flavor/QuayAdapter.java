package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Quay: each repository ({@code organization/name}) is created through {@code POST
 * /api/v1/repository} before the push, with the visibility the target asks for.
 */
final class QuayAdapter implements FlavorAdapter {
  private final AdminApi api;
  private final String visibility;
  private final OncePerKey created = new OncePerKey();

  /** {@code visibility}: "private" or "public". */
  QuayAdapter(AdminApi api, String visibility) {
    this.api = api;
    this.visibility = visibility;
  }

  @Override
  public String flavor() {
    return "quay";
  }

  @Override
  public void ensureRepository(String repository) {
    String namespace = RepositoryPaths.first(repository);
    String name = RepositoryPaths.rest(repository);
    if (name.isEmpty()) {
      throw new FlavorException("Quay repositories are organization/name, but '" + repository + "' has no "
          + "organization; put the organization in the url of target " + api.targetName() + ", as host/organization");
    }
    if (name.contains("/")) {
      throw new FlavorException("Quay repositories are organization/name with one level, but '" + repository
          + "' has more; set the \"repository\" of target " + api.targetName() + " to \"{name}\" (the quay "
          + "default) or another template without '/'");
    }
    created.run(repository, () -> create(namespace, name));
  }

  private void create(String namespace, String name) {
    ObjectNode body = JsonNodeFactory.instance.objectNode()
        .put("namespace", namespace)
        .put("repository", name)
        .put("visibility", visibility)
        .put("description", "")
        .put("repo_kind", "image");
    AdminResponse response = api.send("POST", "/api/v1/repository", body);
    String repository = namespace + "/" + name;
    switch (response.status()) {
      case 201 -> { }
      case 400 -> {
        if (!response.bodyMentions("Repository already exists")) {
          throw api.unexpected("create repository " + repository, response);
        }
      }
      case 402 -> throw new FlavorException("Quay refused to create the " + visibility + " repository "
          + repository + " for target " + api.targetName() + ": organization " + namespace
          + " has used up its plan's private repositories (HTTP 402); raise the plan's limit, remove unused "
          + "repositories, or create public ones with \"quay\": {\"visibility\": \"public\"}");
      case 403 -> throw new FlavorException("Quay refused to create repository " + repository + " for target "
          + api.targetName() + ": its API token may not create repositories in organization " + namespace
          + " (HTTP 403" + api.quoted(response) + "); an organization administrator must grant the token's "
          + "OAuth application the \"Create Repositories\" permission");
      default -> throw api.unexpected("create repository " + repository, response);
    }
  }
}
