package dev.airgap.bundle.importer.flavor;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing and setting up an adapter, and the rules every adapter's HTTP follows. */
class FlavorAdaptersTest {
  @TempDir Path dir;

  @Test
  void genericDoesNothing() {
    FlavorAdapter generic = TestTargets.adapter(new TestTargets(dir).target("{\"url\": \"registry.lab/mirror\"}"));
    assertEquals("generic", generic.flavor());
    assertDoesNotThrow(() -> generic.ensureRepository("mirror/coreos/etcd"));
  }

  @Test
  void credentialsNeverGoOverPlainHttpToAnotherMachine() {
    TestTargets targets = new TestTargets(dir).apiToken(Canary.TOKEN);
    // The registry itself speaks plain http, so the default api url is http as well.
    assertPlainHttpRefused(targets, "{\"url\": \"registry.lab/org\", \"flavor\": \"quay\", \"plain-http\": true,"
        + " \"tokens\": {\"api\": \"api-token\"}}", "http://registry.lab");
    assertPlainHttpRefused(targets, "{\"url\": \"127.0.0.1:5000/org\", \"flavor\": \"quay\", \"plain-http\": true,"
        + " \"api-url\": \"http://10.1.2.3:8080\", \"tokens\": {\"api\": \"api-token\"}}", "http://10.1.2.3:8080");
    assertPlainHttpRefused(targets, "{\"url\": \"localhost.example.com/org\", \"flavor\": \"quay\","
        + " \"plain-http\": true, \"tokens\": {\"api\": \"api-token\"}}", "http://localhost.example.com");
  }

  @Test
  void loopbackNeedsPlainHttpToBeSetToo() {
    TestTargets targets = new TestTargets(dir).apiToken(Canary.TOKEN);
    assertPlainHttpRefused(targets, "{\"url\": \"127.0.0.1:5000/org\", \"flavor\": \"quay\","
        + " \"api-url\": \"http://127.0.0.1:5000\", \"tokens\": {\"api\": \"api-token\"}}", "http://127.0.0.1:5000");
  }

  @Test
  void thePlainHttpCheckComesBeforeAnyCredentialIsRead() {
    // The push file does not exist: the refusal, not a file error, is what the user sees.
    assertPlainHttpRefused(new TestTargets(dir), "{\"url\": \"harbor.lab/mirror\", \"flavor\": \"harbor\","
        + " \"plain-http\": true, \"tokens\": {\"push\": \"missing.json\"}}", "http://harbor.lab");
  }

  @Test
  void plainHttpOnLoopbackOrHttpsElsewhereIsAccepted() {
    TestTargets targets = new TestTargets(dir).apiToken(Canary.TOKEN);
    for (String target : List.of(
        "{\"url\": \"127.0.0.1:5000/org\", \"plain-http\": true}",
        "{\"url\": \"localhost:5000/org\", \"plain-http\": true}",
        "{\"url\": \"[::1]:5000/org\", \"plain-http\": true}",
        "{\"url\": \"registry.lab/org\", \"plain-http\": true, \"api-url\": \"https://quay.lab\"}",
        "{\"url\": \"quay.lab/org\"}")) {
      String withQuay = target.substring(0, target.length() - 1)
          + ", \"flavor\": \"quay\", \"tokens\": {\"api\": \"api-token\"}}";
      assertDoesNotThrow(() -> TestTargets.adapter(targets.target(withQuay)), withQuay);
    }
  }

  @Test
  void loopbackMeansALiteralLoopbackAddress() {
    for (String host : List.of("127.0.0.1", "127.8.9.10", "[::1]", "::1", "localhost", "LOCALHOST")) {
      assertTrue(AdminEndpoint.isLoopback(host), host);
    }
    for (String host : List.of("10.0.0.1", "0.0.0.0", "[::]", "registry.lab", "localhost.example.com",
        "127.0.0.1.nip.io", "")) {
      assertFalse(AdminEndpoint.isLoopback(host), host);
    }
  }

  @Test
  void throttlingAndServerErrorsAreRetried() {
    try (FakeHarbor harbor = harbor()) {
      harbor.failNext(1, 503, Map.of());
      FlavorAdapter adapter = harborAdapter(harbor);
      adapter.ensureRepository("mirror/etcd");
      assertTrue(harbor.has("mirror"));
      assertEquals(3, harbor.requests().size(), "503, then lookup and create: " + harbor.requests());

      harbor.failNext(1, 429, Map.of("Retry-After", "0"));
      adapter.ensureRepository("other/etcd");
      assertTrue(harbor.has("other"));
    }
  }

  @Test
  void retriesAreBounded() {
    try (FakeHarbor harbor = harbor()) {
      harbor.failNext(100, 503, Map.of());
      FlavorException e = assertThrows(FlavorException.class, () -> harborAdapter(harbor).ensureRepository("mirror/etcd"));
      assertTrue(e.getMessage().contains("could not look up project mirror for target t (HTTP 503)"),
          e.getMessage());
      assertEquals(TestTargets.FAST.maxAttempts(), harbor.requests().size());
    }
  }

  @Test
  void redirectsAreNotFollowed() {
    try (FakeHarbor harbor = harbor()) {
      harbor.failNext(1, 302, Map.of("Location", "http://elsewhere.example/api/v2.0/projects?sig=abc"));
      FlavorException e = assertThrows(FlavorException.class, () -> harborAdapter(harbor).ensureRepository("mirror/etcd"));
      assertTrue(e.getMessage().contains("with a redirect (HTTP 302 to http://elsewhere.example/api/v2.0/projects); "
          + "set the api-url of target t"), e.getMessage());
      assertEquals(1, harbor.requests().size());
    }
  }

  @Test
  void anUnreachableApiIsNamed() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    TestTargets targets = new TestTargets(dir).apiToken(Canary.TOKEN);
    FlavorAdapter quay = TestTargets.adapter(targets.target("{\"url\": \"127.0.0.1:" + closedPort + "/org\","
        + " \"flavor\": \"quay\", \"plain-http\": true, \"tokens\": {\"api\": \"api-token\"}}"));
    FlavorException e = assertThrows(FlavorException.class, () -> quay.ensureRepository("org/etcd"));
    assertTrue(e.getMessage().startsWith("could not reach the Quay API at http://127.0.0.1:" + closedPort
        + " for target t after 3 attempts"), e.getMessage());
    Canary.assertAbsent(e);
  }

  private FakeHarbor harbor() {
    return new FakeHarbor(TestTargets.basic(Canary.USER, Canary.PASSWORD), null);
  }

  private FlavorAdapter harborAdapter(FakeHarbor harbor) {
    TestTargets targets = new TestTargets(dir).pushAuth(harbor.hostAndPort(), Canary.USER, Canary.PASSWORD);
    return TestTargets.adapter(targets.target("{\"url\": \"" + harbor.hostAndPort() + "/mirror\","
        + " \"flavor\": \"harbor\", \"plain-http\": true, \"tokens\": {\"push\": \"push.json\"}}"));
  }

  private static void assertPlainHttpRefused(TestTargets targets, String targetJson, String base) {
    FlavorException e = assertThrows(FlavorException.class, () -> TestTargets.adapter(targets.target(targetJson)),
        targetJson);
    assertTrue(e.getMessage().startsWith("refusing to send the "), e.getMessage());
    assertTrue(e.getMessage().contains("API credentials of target t over plain HTTP to " + base + "; use an https "
        + "api-url"), e.getMessage());
    Canary.assertAbsent(e);
  }
}
