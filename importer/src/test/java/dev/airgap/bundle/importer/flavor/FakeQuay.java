package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;

/**
 * Quay's {@code POST /api/v1/repository} and its robot-account requests ({@link FakeQuayRobots}),
 * with a bearer token; names are "namespace/name". Public, with the methods other modules' tests
 * need, because the cli tests drive it too (through the importer's test jar).
 */
public final class FakeQuay extends FakeAdminServer {
  /** Quay's error body for a message (and, when told to be careless, the request echoed). */
  @FunctionalInterface
  interface Errors {
    String body(String message, Request request);
  }

  private final Map<String, String> visibility = new ConcurrentHashMap<>();
  private final FakeQuayRobots robots = new FakeQuayRobots(this::has);

  public FakeQuay(String token) {
    this(token, null);
  }

  /** {@code tls}: serve HTTPS with this context (e.g. the test registry's), or null for HTTP. */
  public FakeQuay(String token, SSLContext tls) {
    super("Bearer " + token, tls);
  }

  /** The visibility a repository was created with. */
  String visibilityOf(String repository) {
    return visibility.get(repository);
  }

  @Override
  protected Answer answer(Request request) {
    if (request.method().equals("POST") && request.uri().equals("/api/v1/repository")) {
      return createRepository(request);
    }
    Answer robotAnswer = robots.answer(request, this::error);
    return robotAnswer != null ? robotAnswer : Answer.of(404, error("Not Found", request));
  }

  private Answer createRepository(Request request) {
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

  // --- for tests in other packages and modules ---

  @Override
  public String hostAndPort() {
    return super.hostAndPort();
  }

  @Override
  public URI baseUrl() {
    return super.baseUrl();
  }

  /** A repository that exists already, as an import would have made it. */
  @Override
  public void add(String repository) {
    super.add(repository);
  }

  @Override
  public void echoAuthorization() {
    super.echoAuthorization();
  }

  /** How many requests arrived, answered or not. */
  public int requestCount() {
    return requests().size();
  }

  /** Tokens this fake issues start with {@code prefix}, so tests can look for them in output. */
  public void robotTokenPrefix(String prefix) {
    robots.tokenPrefix(prefix);
  }

  /**
   * Told each robot token as it is issued (created or regenerated), e.g. to make it a user of the
   * real registry the robot is meant to pull from.
   */
  public void onRobotToken(BiConsumer<String, String> listener) {
    robots.onToken(listener);
  }

  /** A robot ({@code org+short}) that exists already; returns its token. */
  public String addRobot(String name) {
    return robots.add(name);
  }

  /** The robot's current token, or null when there is no such robot. */
  public String robotToken(String name) {
    return robots.token(name);
  }

  /** Whether Quay would let the robot log in with this token: only its current one works. */
  public boolean acceptsRobot(String name, String token) {
    return robots.accepts(name, token);
  }

  /** How many robots were created through the API. */
  public int robotsCreated() {
    return robots.created();
  }

  /** Repository to role for one user or robot. */
  public Map<String, String> rolesOf(String user) {
    return robots.rolesOf(user);
  }

  void setRole(String repository, String user, String role) {
    robots.setRole(repository, user, role);
  }

  /** Robot create, read and regenerate answer this status (403, 402) until told 0. */
  public void refuseRobots(int status) {
    robots.refuseRobots(status);
  }

  /** Permission changes answer this status until told 0. */
  public void refuseGrants(int status) {
    robots.refuseGrants(status);
  }
}
