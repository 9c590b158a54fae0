package dev.airgap.bundle.importer.flavor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airgap.bundle.registry.RegistryCredentials;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Robot accounts through the Quay fake: the documented requests, idempotence, and clear refusals. */
class QuayRobotsTest {
  private static final String ROBOT_CANARY = "robot-canary-5d21e0";

  @TempDir Path dir;
  private FakeQuay quay;
  private TestTargets targets;

  @BeforeEach
  void start() {
    quay = new FakeQuay(Canary.TOKEN);
    quay.robotTokenPrefix(ROBOT_CANARY);
    quay.add("lab/etcd");
    quay.add("lab/node-agent");
    quay.add("lab/unrelated");
    targets = new TestTargets(dir).apiToken(Canary.TOKEN);
  }

  @AfterEach
  void stop() {
    quay.close();
  }

  private QuayRobots robots() {
    return QuayRobots.forTarget(targets.target("{\"url\": \"" + quay.hostAndPort() + "/lab\", \"flavor\": \"quay\","
        + " \"plain-http\": true, \"tokens\": {\"api\": \"api-token\"}}"), TestTargets.FAST);
  }

  @Test
  void createsTheRobotAndGrantsReadWithTheDocumentedRequests() {
    RegistryCredentials.Basic login = robots().ensureReader("puller", List.of("lab/etcd", "lab/node-agent"));

    assertEquals("lab+puller", login.username());
    assertEquals(quay.robotToken("lab+puller"), login.password().reveal());
    List<FakeAdminServer.Request> sent = quay.requests();
    assertEquals(3, sent.size(), sent.toString());
    assertEquals("PUT", sent.get(0).method());
    assertEquals("/api/v1/organization/lab/robots/puller", sent.get(0).uri());
    assertEquals("Bearer " + Canary.TOKEN, sent.get(0).authorization());
    JsonNode grant = sent.get(1).json();
    assertEquals("PUT", sent.get(1).method());
    assertEquals("/api/v1/repository/lab/etcd/permissions/user/lab+puller", sent.get(1).uri());
    assertEquals(Map.of("role", "read"), Map.of("role", grant.get("role").asText()));
    assertEquals(1, grant.size());
    assertEquals("/api/v1/repository/lab/node-agent/permissions/user/lab+puller", sent.get(2).uri());
    assertEquals(Map.of("lab/etcd", "read", "lab/node-agent", "read"), quay.rolesOf("lab+puller"),
        "read on exactly the given repositories");
  }

  @Test
  void anExistingRobotIsKeptWithItsToken() {
    QuayRobots robots = robots();
    String first = robots.ensureReader("puller", List.of("lab/etcd")).password().reveal();
    String second = robots.ensureReader("puller", List.of("lab/etcd", "lab/etcd")).password().reveal();

    assertEquals(1, quay.robotsCreated(), "created once");
    assertEquals(first, second, "a re-run keeps the token, so the Secrets stay the same");
    List<FakeAdminServer.Request> rerun = quay.requests().subList(2, quay.requests().size());
    assertEquals(List.of("PUT /api/v1/organization/lab/robots/puller", "GET /api/v1/organization/lab/robots/puller",
        "PUT /api/v1/repository/lab/etcd/permissions/user/lab+puller"),
        rerun.stream().map(r -> r.method() + " " + r.uri()).toList(), "exists (400), then read, then one grant");
  }

  @Test
  void readReplacesAHigherRole() {
    String robot = "lab+puller";
    quay.addRobot(robot);
    quay.setRole("lab/etcd", robot, "write");
    robots().ensureReader("puller", List.of("lab/etcd"));
    assertEquals(Map.of("lab/etcd", "read"), quay.rolesOf(robot));
  }

  @Test
  void regenerateRevokesTheOldToken() {
    QuayRobots robots = robots();
    String old = robots.ensureReader("puller", List.of("lab/etcd")).password().reveal();
    RegistryCredentials.Basic fresh = robots.regenerate("puller");

    assertEquals("lab+puller", fresh.username());
    assertNotEquals(old, fresh.password().reveal());
    assertTrue(quay.acceptsRobot("lab+puller", fresh.password().reveal()));
    assertFalse(quay.acceptsRobot("lab+puller", old), "the old token no longer works");
    FakeAdminServer.Request last = quay.requests().get(quay.requests().size() - 1);
    assertEquals("POST /api/v1/organization/lab/robots/puller/regenerate", last.method() + " " + last.uri());
  }

  @Test
  void regeneratingARobotThatDoesNotExistSaysHowToMakeIt() {
    FlavorException e = assertThrows(FlavorException.class, () -> robots().regenerate("puller"));
    assertTrue(e.getMessage().startsWith("Quay has no robot account lab+puller for target t (HTTP 404"), e.getMessage());
    assertTrue(e.getMessage().endsWith("an import with --pull-secrets creates it"), e.getMessage());
  }

  @Test
  void aForbiddenRobotIsOneClearSentenceWithoutSecrets() {
    quay.refuseRobots(403);
    quay.echoAuthorization();
    FlavorException e = assertThrows(FlavorException.class, () -> robots().ensureReader("puller", List.of("lab/etcd")));
    assertEquals("Quay refused to create robot account lab+puller for target t: its API token may not manage the "
        + "robot accounts of organization lab (HTTP 403: Unauthorized (you sent: Bearer ****)); an organization "
        + "administrator must grant the token's OAuth application the \"Administer Organization\" permission",
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    assertRobotTokenAbsent(e);
  }

  @Test
  void aForbiddenGrantIsOneClearSentenceWithoutSecrets() {
    quay.refuseGrants(403);
    quay.echoAuthorization();
    FlavorException e = assertThrows(FlavorException.class, () -> robots().ensureReader("puller", List.of("lab/etcd")));
    assertTrue(e.getMessage().startsWith("Quay refused to give robot account lab+puller read on repository lab/etcd "
        + "for target t: its API token may not administer that repository (HTTP 403: Unauthorized"), e.getMessage());
    assertTrue(e.getMessage().endsWith("the \"Administer Repositories\" permission"), e.getMessage());
    assertRobotTokenAbsent(e);
  }

  @Test
  void aMissingRepositoryIsNamed() {
    FlavorException e = assertThrows(FlavorException.class,
        () -> robots().ensureReader("puller", List.of("lab/never-imported")));
    assertTrue(e.getMessage().startsWith("Quay has no repository lab/never-imported for target t (HTTP 404"),
        e.getMessage());
  }

  @Test
  void repositoriesOfOtherOrganizationsAreRefusedBeforeAnyRequest() {
    FlavorException e = assertThrows(FlavorException.class,
        () -> robots().ensureReader("puller", List.of("lab/etcd", "other/etcd")));
    assertTrue(e.getMessage().contains("can read only repositories lab/NAME, but was to be granted 'other/etcd'"),
        e.getMessage());
    assertTrue(quay.requests().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> robots().ensureReader("../admin", List.of()));
  }

  @Test
  void onlyQuayTargetsHaveRobots() {
    FlavorException e = assertThrows(FlavorException.class, () -> QuayRobots.forTarget(targets.target(
        "{\"url\": \"" + quay.hostAndPort() + "/lab\", \"plain-http\": true}")));
    assertTrue(e.getMessage().contains("robot accounts are a Quay feature"), e.getMessage());
  }

  private static void assertRobotTokenAbsent(Throwable e) {
    Canary.assertAbsent(e);
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertFalse(trace.toString().contains(ROBOT_CANARY), trace.toString());
  }
}
