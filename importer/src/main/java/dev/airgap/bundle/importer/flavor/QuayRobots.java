package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airgap.bundle.registry.RegistryCredentials;
import dev.airgap.bundle.registry.RetryPolicy;
import dev.airgap.bundle.registry.Secret;
import dev.airgap.bundle.registry.config.Flavor;
import dev.airgap.bundle.registry.config.PullConfig;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Quay robot accounts that clusters pull with: made in the target's organization when missing,
 * given {@code read} on each imported repository, and their token regenerated on demand. Talks to
 * the same admin API, with the same token and TLS settings, as {@link QuayAdapter}.
 *
 * <p>A robot token is a credential: it is returned only inside a {@link Secret}, a 2xx body that
 * carries it is never quoted, and any error text is scrubbed of it.
 */
public final class QuayRobots {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Quay's tokens are 64 characters; a much longer or multi-line value is not a token. */
  private static final int MAX_TOKEN_CHARS = 1024;

  private final AdminApi api;
  private final String organization;

  QuayRobots(AdminApi api, String organization) {
    this.api = api;
    this.organization = organization;
  }

  /**
   * Robots of a quay target's organization (the first component of its url's path). Plain HTTP
   * and the API token are checked here, before any request.
   *
   * @throws FlavorException when the target is not quay or its admin API settings cannot work
   */
  public static QuayRobots forTarget(TargetConfig target) {
    return forTarget(target, RetryPolicy.standard());
  }

  static QuayRobots forTarget(TargetConfig target, RetryPolicy retry) {
    if (target.flavor() != Flavor.QUAY) {
      throw new FlavorException("target " + target.name() + " has flavor " + target.flavor().configName()
          + ", but robot accounts are a Quay feature");
    }
    AdminAuth auth = AdminCredentials.bearerFromApiToken(target, "an OAuth application token");
    return new QuayRobots(new AdminApi("Quay", target, AdminEndpoint.base(target, "Quay"), auth, retry),
        RepositoryPaths.first(target.pathPrefix()));
  }

  public String organization() {
    return organization;
  }

  /** The robot's login, {@code organization+short}. */
  public String fullName(String shortName) {
    if (shortName == null || !PullConfig.ROBOT_NAME.matcher(shortName).matches()) {
      throw new IllegalArgumentException("'" + shortName + "' is not a Quay robot short name");
    }
    return organization + "+" + shortName;
  }

  /**
   * Makes sure the robot exists (an existing one is kept, token and all) and may read each of
   * {@code repositories}, and returns its login. Read replaces whatever role the robot had on a
   * repository: it exists to pull, and a pull credential that may push is a leak waiting to
   * happen. Every repository is checked before the first request.
   *
   * @param repositories full repository paths, {@code organization/name}
   */
  public RegistryCredentials.Basic ensureReader(String shortName, List<String> repositories) {
    String robot = fullName(shortName);
    LinkedHashSet<String> unique = new LinkedHashSet<>(repositories);
    unique.forEach(this::requireOwnRepository);
    Secret token = ensureExists(shortName, robot);
    for (String repository : unique) {
      grantRead(robot, repository, token);
    }
    return new RegistryCredentials.Basic(robot, token);
  }

  /** Gives the robot a new token, which revokes the old one at once, and returns the new login. */
  public RegistryCredentials.Basic regenerate(String shortName) {
    String robot = fullName(shortName);
    AdminResponse response = api.send("POST", robotPath(shortName) + "/regenerate", null);
    return switch (response.status()) {
      case 200 -> new RegistryCredentials.Basic(robot, token(response, "regenerate the token of", robot));
      case 403 -> throw forbidden("regenerate the token of", robot, response);
      case 404 -> throw new FlavorException("Quay has no robot account " + robot + " for target "
          + api.targetName() + " (HTTP 404" + api.quoted(response) + "); an import with --pull-secrets creates it");
      default -> throw api.unexpected("regenerate the token of robot account " + robot, response);
    };
  }

  private Secret ensureExists(String shortName, String robot) {
    ObjectNode body = JsonNodeFactory.instance.objectNode()
        .put("description", "Pulls the images that bundle imports; managed by bundle");
    AdminResponse created = api.send("PUT", robotPath(shortName), body);
    switch (created.status()) {
      case 200, 201 -> {
        return token(created, "create", robot);
      }
      case 400 -> {
        // "Exists" and a real refusal are both 400; asking for the robot tells them apart.
        AdminResponse existing = api.send("GET", robotPath(shortName), null);
        if (existing.status() == 200) {
          return token(existing, "read", robot);
        }
        if (existing.status() == 403) {
          throw forbidden("read", robot, existing);
        }
        throw api.unexpected("create robot account " + robot, created);
      }
      case 402 -> throw new FlavorException("Quay refused to create robot account " + robot + " for target "
          + api.targetName() + ": organization " + organization + " is over its plan's limits (HTTP 402"
          + api.quoted(created) + "); raise the plan or remove unused robot accounts");
      case 403 -> throw forbidden("create", robot, created);
      case 404 -> throw new FlavorException("Quay has no organization " + organization + " for target "
          + api.targetName() + " (HTTP 404" + api.quoted(created) + "); create it, or put an existing "
          + "organization in the target's url");
      default -> throw api.unexpected("create robot account " + robot, created);
    }
  }

  private void grantRead(String robot, String repository, Secret token) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("role", "read");
    AdminResponse response = api.send("PUT", "/api/v1/repository/" + repository + "/permissions/user/" + robot, body);
    switch (response.status()) {
      case 200, 201 -> { }
      case 403 -> throw scrubbed(new FlavorException("Quay refused to give robot account " + robot
          + " read on repository " + repository + " for target " + api.targetName() + ": its API token may not "
          + "administer that repository (HTTP 403" + api.quoted(response) + "); an organization administrator "
          + "must grant the token's OAuth application the \"Administer Repositories\" permission"), token);
      case 404 -> throw scrubbed(new FlavorException("Quay has no repository " + repository + " for target "
          + api.targetName() + " (HTTP 404" + api.quoted(response) + "); import into it before granting pull "
          + "access"), token);
      default -> throw scrubbed(api.unexpected("give robot account " + robot + " read on repository "
          + repository, response), token);
    }
  }

  /** Robots belong to one organization and can be granted only its repositories. */
  private void requireOwnRepository(String repository) {
    String namespace = RepositoryPaths.first(repository);
    String name = RepositoryPaths.rest(repository);
    if (!namespace.equals(organization) || name.isEmpty() || name.contains("/")) {
      throw new FlavorException("a robot account of organization " + organization + " can read only "
          + "repositories " + organization + "/NAME, but was to be granted '" + repository + "' (target "
          + api.targetName() + ")");
    }
  }

  /** The token from a robot answer; the body is never quoted, since it may hold the token. */
  private Secret token(AdminResponse response, String verb, String robot) {
    JsonNode token;
    try {
      token = JSON.readTree(response.body()).path("token");
    } catch (IOException e) {
      token = null;
    }
    String value = token != null && token.isTextual() ? token.asText() : "";
    if (value.isEmpty() || value.length() > MAX_TOKEN_CHARS || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new FlavorException("the Quay API of target " + api.targetName() + " answered the request to "
          + verb + " robot account " + robot + " without a usable token (HTTP " + response.status() + ")");
    }
    return Secret.of(value);
  }

  private FlavorException forbidden(String verb, String robot, AdminResponse response) {
    return new FlavorException("Quay refused to " + verb + " robot account " + robot + " for target "
        + api.targetName() + ": its API token may not manage the robot accounts of organization " + organization
        + " (HTTP 403" + api.quoted(response) + "); an organization administrator must grant the token's OAuth "
        + "application the \"Administer Organization\" permission");
  }

  /** An error page could echo anything; the robot's token is cut out like the API token. */
  private static FlavorException scrubbed(FlavorException e, Secret token) {
    if (!e.getMessage().contains(token.reveal())) {
      return e;
    }
    return new FlavorException(e.getMessage().replace(token.reveal(), "****"));
  }

  private String robotPath(String shortName) {
    return "/api/v1/organization/" + organization + "/robots/" + shortName;
  }
}
