package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airgap.bundle.importer.flavor.FakeAdminServer.Answer;
import dev.airgap.bundle.importer.flavor.FakeAdminServer.Request;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quay's robot accounts and repository permissions as registry-apis.md documents them: create
 * ({@code PUT …/robots/{short}}, 201 with the token, 400 when it exists), read ({@code GET}, with
 * the token), regenerate ({@code POST …/regenerate}, which revokes the old token) and grant
 * ({@code PUT /api/v1/repository/{ns}/{repo}/permissions/user/{org+short}}).
 */
final class FakeQuayRobots {
  private static final Pattern ROBOT = Pattern.compile("/api/v1/organization/([a-z0-9_.-]+)/robots/([a-z][a-z0-9_]*)");
  private static final Pattern REGENERATE = Pattern.compile(ROBOT.pattern() + "/regenerate");
  private static final Pattern PERMISSION =
      Pattern.compile("/api/v1/repository/([a-z0-9_.-]+/[a-z0-9_.-]+)/permissions/user/([^/?]+)");
  private static final Set<String> ROLES = Set.of("read", "write", "admin");
  private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Current token by full robot name; a regenerated token replaces the old one. */
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> roles = new ConcurrentHashMap<>();
  private final AtomicInteger created = new AtomicInteger();
  private final Predicate<String> repositoryExists;
  private volatile String tokenPrefix = "";
  private volatile int refuseRobotsWith;
  private volatile int refuseGrantsWith;
  private volatile BiConsumer<String, String> onToken = (name, token) -> { };

  FakeQuayRobots(Predicate<String> repositoryExists) {
    this.repositoryExists = repositoryExists;
  }

  /** The answer to a robot or permission request, or null when the request is neither. */
  Answer answer(Request request, FakeQuay.Errors errors) {
    Matcher m;
    if ((m = REGENERATE.matcher(request.uri())).matches() && request.method().equals("POST")) {
      return regenerate(m.group(1) + "+" + m.group(2), request, errors);
    }
    if ((m = ROBOT.matcher(request.uri())).matches()) {
      String name = m.group(1) + "+" + m.group(2);
      return switch (request.method()) {
        case "PUT" -> create(name, request, errors);
        case "GET" -> read(name, request, errors);
        default -> null;
      };
    }
    if ((m = PERMISSION.matcher(request.uri())).matches() && request.method().equals("PUT")) {
      return grant(m.group(1), m.group(2), request, errors);
    }
    return null;
  }

  private Answer create(String name, Request request, FakeQuay.Errors errors) {
    JsonNode body = request.body().isEmpty() ? null : FakeAdminServer.parse(request.body());
    if (!request.body().isEmpty() && !FakeAdminServer.hasExactly(body, "description")) {
      return Answer.of(400, errors.body("Invalid request body", request));
    }
    if (refuseRobotsWith != 0) {
      return Answer.of(refuseRobotsWith, errors.body("Unauthorized", request));
    }
    if (tokens.containsKey(name)) {
      return Answer.of(400, errors.body("Existing robot with name: " + name, request));
    }
    created.incrementAndGet();
    return Answer.of(201, view(name, issue(name)));
  }

  private Answer read(String name, Request request, FakeQuay.Errors errors) {
    if (refuseRobotsWith != 0) {
      return Answer.of(refuseRobotsWith, errors.body("Unauthorized", request));
    }
    String token = tokens.get(name);
    return token == null ? Answer.of(404, errors.body("Could not find robot with specified username", request))
        : Answer.of(200, view(name, token));
  }

  private Answer regenerate(String name, Request request, FakeQuay.Errors errors) {
    if (refuseRobotsWith != 0) {
      return Answer.of(refuseRobotsWith, errors.body("Unauthorized", request));
    }
    if (!tokens.containsKey(name)) {
      return Answer.of(404, errors.body("Could not find robot with specified username", request));
    }
    return Answer.of(200, view(name, issue(name)));
  }

  private Answer grant(String repository, String user, Request request, FakeQuay.Errors errors) {
    JsonNode body = FakeAdminServer.parse(request.body());
    if (!FakeAdminServer.hasExactly(body, "role") || !ROLES.contains(body.get("role").asText())) {
      return Answer.of(400, errors.body("Invalid request body", request));
    }
    if (refuseGrantsWith != 0) {
      return Answer.of(refuseGrantsWith, errors.body("Unauthorized", request));
    }
    if (!repositoryExists.test(repository)) {
      return Answer.of(404, errors.body("Not Found", request));
    }
    if (!tokens.containsKey(user)) {
      return Answer.of(400, errors.body("Invalid robot account or username: " + user, request));
    }
    roles.computeIfAbsent(repository, r -> new ConcurrentHashMap<>()).put(user, body.get("role").asText());
    ObjectNode answer = FakeAdminServer.JSON.createObjectNode()
        .put("role", body.get("role").asText()).put("name", user).put("is_robot", true);
    return Answer.of(200, answer.toString());
  }

  /** A fresh token for the robot; the previous one stops working. */
  private String issue(String name) {
    StringBuilder token = new StringBuilder(tokenPrefix);
    for (int i = 0; i < 64; i++) {
      token.append(TOKEN_CHARS.charAt(RANDOM.nextInt(TOKEN_CHARS.length())));
    }
    tokens.put(name, token.toString());
    onToken.accept(name, token.toString());
    return token.toString();
  }

  private static String view(String name, String token) {
    ObjectNode robot = FakeAdminServer.JSON.createObjectNode()
        .put("name", name)
        .put("created", "Mon, 01 Jan 2024 00:00:00 -0000")
        .putNull("last_accessed")
        .put("description", "")
        .put("token", token);
    robot.putObject("unstructured_metadata");
    return robot.toString();
  }

  // --- what tests arrange and inspect ---

  void tokenPrefix(String prefix) {
    tokenPrefix = prefix;
  }

  void onToken(BiConsumer<String, String> listener) {
    onToken = listener;
  }

  String add(String name) {
    return issue(name);
  }

  String token(String name) {
    return tokens.get(name);
  }

  boolean accepts(String name, String token) {
    return token != null && token.equals(tokens.get(name));
  }

  int created() {
    return created.get();
  }

  /** Repository to role, for one user. */
  Map<String, String> rolesOf(String user) {
    Map<String, String> out = new TreeMap<>();
    roles.forEach((repository, users) -> {
      String role = users.get(user);
      if (role != null) {
        out.put(repository, role);
      }
    });
    return out;
  }

  void setRole(String repository, String user, String role) {
    roles.computeIfAbsent(repository, r -> new ConcurrentHashMap<>()).put(user, role);
  }

  void refuseRobots(int status) {
    refuseRobotsWith = status;
  }

  void refuseGrants(int status) {
    refuseGrantsWith = status;
  }
}
