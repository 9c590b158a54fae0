package dev.airgap.bundle.importer.flavor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactoryAdapterTest {
  @TempDir Path dir;
  private FakeArtifactory artifactory;
  private TestTargets targets;

  @BeforeEach
  void start() {
    artifactory = new FakeArtifactory(TestTargets.basic(Canary.USER, Canary.PASSWORD));
    targets = new TestTargets(dir).pushAuth(artifactory.hostAndPort(), Canary.USER, Canary.PASSWORD);
  }

  @AfterEach
  void stop() {
    artifactory.close();
  }

  private FlavorAdapter adapter(String tokens) {
    return TestTargets.adapter(targets.target("{\"url\": \"" + artifactory.hostAndPort() + "/docker-local/mirror\","
        + " \"flavor\": \"artifactory\", \"plain-http\": true, \"tokens\": " + tokens + "}"));
  }

  private List<String> methods() {
    return artifactory.requests().stream().map(FakeAdminServer.Request::method).toList();
  }

  @Test
  void createsTheLocalDockerRepositoryOfTheUrlOnce() {
    FlavorAdapter adapter = adapter("{\"push\": \"push.json\"}");
    assertEquals("artifactory", adapter.flavor());
    adapter.ensureRepository("docker-local/mirror/coreos/etcd");
    adapter.ensureRepository("docker-local/mirror/coreos/flannel");

    List<FakeAdminServer.Request> sent = artifactory.requests();
    assertEquals(List.of("GET", "PUT"), methods());
    assertEquals("/artifactory/api/repositories/docker-local", sent.get(0).uri());
    assertEquals("/artifactory/api/repositories/docker-local", sent.get(1).uri());
    assertEquals("{\"key\":\"docker-local\",\"rclass\":\"local\",\"packageType\":\"docker\",\"dockerApiVersion\":\"V2\"}",
        sent.get(1).body());
    assertEquals(TestTargets.basic(Canary.USER, Canary.PASSWORD), sent.get(1).authorization());
    assertTrue(artifactory.has("docker-local"));
  }

  @Test
  void anExistingRepositoryIsNotReconfigured() {
    artifactory.add("docker-local");
    FlavorAdapter adapter = adapter("{\"push\": \"push.json\"}");
    adapter.ensureRepository("docker-local/mirror/etcd");
    adapter.ensureRepository("docker-local/mirror/flannel");
    assertEquals(List.of("GET"), methods());
  }

  @Test
  void alreadyExistsFromACreateRaceIsSuccess() {
    artifactory.add("docker-local");
    artifactory.hideNextLookup();
    adapter("{\"push\": \"push.json\"}").ensureRepository("docker-local/mirror/etcd");
    assertEquals(List.of("GET", "PUT"), methods());
  }

  @Test
  void anAccessTokenIsSentAsABearerToken() {
    artifactory.expectAuthorization("Bearer " + Canary.TOKEN);
    targets.apiToken(Canary.TOKEN);
    adapter("{\"push\": \"push.json\", \"api\": \"api-token\"}").ensureRepository("docker-local/mirror/etcd");
    assertTrue(artifactory.requests().stream().allMatch(r -> r.authorization().equals("Bearer " + Canary.TOKEN)));
    assertTrue(artifactory.has("docker-local"));
  }

  @Test
  void permissionIsOneClearSentenceWithoutTheSecret() {
    artifactory.refuseCreates(403);
    artifactory.echoAuthorization();
    FlavorException e = assertThrows(FlavorException.class,
        () -> adapter("{\"push\": \"push.json\"}").ensureRepository("docker-local/mirror/etcd"));
    assertTrue(e.getMessage().startsWith("Artifactory refused to create repository docker-local for target t: "
        + "the credentials of user 'mirror-bot' for target t (its push credentials) may not (HTTP 403"),
        e.getMessage());
    Canary.assertAbsent(e);
  }

  @Test
  void anotherBadRequestIsAnErrorQuotingArtifactory() {
    artifactory.refuseCreates(400);
    FlavorException e = assertThrows(FlavorException.class,
        () -> adapter("{\"push\": \"push.json\"}").ensureRepository("docker-local/mirror/etcd"));
    assertTrue(e.getMessage().contains("could not create local Docker repository docker-local for target t "
        + "(HTTP 400: Forbidden)"), e.getMessage());
  }

  @Test
  void theUrlMustNameTheRepositoryKey() {
    FlavorException e = assertThrows(FlavorException.class, () -> TestTargets.adapter(targets.target(
        "{\"url\": \"" + artifactory.hostAndPort() + "\", \"flavor\": \"artifactory\", \"plain-http\": true,"
        + " \"tokens\": {\"push\": \"push.json\"}}")));
    assertTrue(e.getMessage().contains("must name the Docker repository key as its first path component"),
        e.getMessage());
  }
}
