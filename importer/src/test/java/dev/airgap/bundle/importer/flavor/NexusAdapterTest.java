package dev.airgap.bundle.importer.flavor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airgap.bundle.registry.config.Flavor;
import dev.airgap.bundle.registry.config.TargetConfig;
import dev.airgap.bundle.registry.config.TokenRole;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NexusAdapterTest {
  @TempDir Path dir;
  private FakeNexus nexus;
  private TestTargets targets;

  @BeforeEach
  void start() {
    nexus = new FakeNexus(TestTargets.basic(Canary.USER, Canary.PASSWORD));
    targets = new TestTargets(dir).pushAuth(nexus.hostAndPort(), Canary.USER, Canary.PASSWORD);
  }

  @AfterEach
  void stop() {
    nexus.close();
  }

  private FlavorAdapter adapter(String options) {
    return TestTargets.adapter(targets.target("{\"url\": \"" + nexus.hostAndPort() + "/mirror\","
        + " \"flavor\": \"nexus\", \"plain-http\": true, \"tokens\": {\"push\": \"push.json\"},"
        + " \"nexus\": " + options + "}"));
  }

  private List<String> methods() {
    return nexus.requests().stream().map(FakeAdminServer.Request::method).toList();
  }

  @Test
  void createsTheHostedRepositoryOnceWithTheDocumentedBody() {
    FlavorAdapter adapter = adapter("{\"repository\": \"docker-hosted\", \"http-port\": 8082}");
    assertEquals("nexus", adapter.flavor());
    adapter.ensureRepository("mirror/coreos/etcd");
    adapter.ensureRepository("mirror/coreos/flannel");

    assertEquals(List.of("GET", "POST"), methods());
    assertEquals("/service/rest/v1/repositories/docker/hosted/docker-hosted", nexus.requests().get(0).uri());
    assertEquals("/service/rest/v1/repositories/docker/hosted", nexus.requests().get(1).uri());
    assertEquals(TestTargets.basic(Canary.USER, Canary.PASSWORD), nexus.requests().get(1).authorization());
    JsonNode body = nexus.createdWith("docker-hosted");
    assertEquals("{\"name\":\"docker-hosted\",\"online\":true,\"storage\":{\"blobStoreName\":\"default\","
        + "\"strictContentTypeValidation\":true,\"writePolicy\":\"ALLOW\"},\"docker\":{\"v1Enabled\":false,"
        + "\"forceBasicAuth\":true,\"httpPort\":8082}}", body.toString());
  }

  @Test
  void noConnectorPortUnlessConfigured() {
    adapter("{\"repository\": \"docker-hosted\"}").ensureRepository("mirror/etcd");
    assertFalse(nexus.createdWith("docker-hosted").path("docker").has("httpPort"));
  }

  @Test
  void anExistingRepositoryIsOnlyLookedUp() {
    nexus.add("docker-hosted");
    FlavorAdapter adapter = adapter("{\"repository\": \"docker-hosted\"}");
    adapter.ensureRepository("mirror/etcd");
    adapter.ensureRepository("mirror/flannel");
    assertEquals(List.of("GET"), methods());
  }

  @Test
  void aDuplicateNameFromACreateRaceIsSuccess() {
    nexus.add("docker-hosted");
    nexus.hideNextLookup();
    adapter("{\"repository\": \"docker-hosted\"}").ensureRepository("mirror/etcd");
    assertEquals(List.of("GET", "POST", "GET"), methods());
  }

  @Test
  void aBadRequestThatIsNotADuplicateIsAnError() {
    nexus.refuseCreates(400);
    FlavorException e = assertThrows(FlavorException.class,
        () -> adapter("{\"repository\": \"docker-hosted\"}").ensureRepository("mirror/etcd"));
    assertTrue(e.getMessage().contains("could not create hosted Docker repository docker-hosted for target t "
        + "(HTTP 400: Forbidden)"), e.getMessage());
  }

  @Test
  void permissionIsOneClearSentenceWithoutThePassword() {
    nexus.refuseCreates(403);
    nexus.echoAuthorization();
    FlavorException e = assertThrows(FlavorException.class,
        () -> adapter("{\"repository\": \"docker-hosted\"}").ensureRepository("mirror/etcd"));
    assertTrue(e.getMessage().startsWith("Nexus refused to create repository docker-hosted for target t: the "
        + "credentials of user 'mirror-bot' for target t (its push credentials) may not (HTTP 403"), e.getMessage());
    Canary.assertAbsent(e);
  }

  @Test
  void aTargetBuiltInCodeWithoutTheRepositoryOption() {
    TargetConfig target = new TargetConfig("t", nexus.hostAndPort(), "", Flavor.NEXUS,
        Map.of(TokenRole.PUSH, dir.resolve("push.json")), true, true, null,
        Flavor.NEXUS.defaultRepositoryTemplate(), null);
    FlavorException e = assertThrows(FlavorException.class, () -> TestTargets.adapter(target));
    assertTrue(e.getMessage().contains("names no hosted Docker repository"), e.getMessage());
  }
}
