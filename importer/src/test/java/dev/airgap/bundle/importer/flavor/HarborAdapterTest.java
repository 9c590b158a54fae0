package dev.airgap.bundle.importer.flavor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarborAdapterTest {
  @TempDir Path dir;
  private FakeHarbor harbor;
  private TestTargets targets;

  @BeforeEach
  void start() {
    harbor = new FakeHarbor(TestTargets.basic(Canary.USER, Canary.PASSWORD), null);
    targets = new TestTargets(dir).pushAuth(harbor.hostAndPort(), Canary.USER, Canary.PASSWORD);
  }

  @AfterEach
  void stop() {
    harbor.close();
  }

  private FlavorAdapter adapter(String extra) {
    return TestTargets.adapter(targets.target("{\"url\": \"" + harbor.hostAndPort() + "/mirror\","
        + " \"flavor\": \"harbor\", \"plain-http\": true, \"tokens\": {\"push\": \"push.json\"}" + extra + "}"));
  }

  @Test
  void createsAMissingProjectOnceWithThePushCredentials() {
    FlavorAdapter adapter = adapter("");
    assertEquals("harbor", adapter.flavor());
    adapter.ensureRepository("mirror/coreos/etcd");
    adapter.ensureRepository("mirror/coreos/flannel");
    adapter.ensureRepository("mirror/etcd");

    List<FakeAdminServer.Request> sent = harbor.requests();
    assertEquals(2, sent.size(), "one lookup and one create for the one project: " + sent);
    assertEquals("HEAD", sent.get(0).method());
    assertEquals("/api/v2.0/projects?project_name=mirror", sent.get(0).uri());
    assertEquals("POST", sent.get(1).method());
    assertEquals("/api/v2.0/projects", sent.get(1).uri());
    assertEquals("{\"project_name\":\"mirror\",\"metadata\":{\"public\":\"false\"}}", sent.get(1).body());
    for (FakeAdminServer.Request r : sent) {
      assertEquals(TestTargets.basic(Canary.USER, Canary.PASSWORD), r.authorization());
    }
    assertTrue(harbor.has("mirror"));
  }

  @Test
  void publicProjectsWhenTheOptionSaysSo() {
    adapter(", \"harbor\": {\"public\": true}").ensureRepository("mirror/etcd");
    assertEquals("true", harbor.publicFlagOf("mirror"));
  }

  @Test
  void anExistingProjectIsOnlyLookedUp() {
    harbor.add("mirror");
    FlavorAdapter adapter = adapter("");
    adapter.ensureRepository("mirror/etcd");
    adapter.ensureRepository("mirror/flannel");
    assertEquals(List.of("HEAD"), harbor.requests().stream().map(FakeAdminServer.Request::method).toList());
  }

  @Test
  void aConflictFromACreateRaceIsSuccess() {
    harbor.add("mirror");
    harbor.hideNextLookup();
    adapter("").ensureRepository("mirror/etcd");
    assertEquals(List.of("HEAD", "POST"), harbor.requests().stream().map(FakeAdminServer.Request::method).toList());
  }

  @Test
  void permissionIsOneClearSentenceWithoutThePassword() {
    harbor.refuseCreates(403);
    harbor.echoAuthorization();
    FlavorException e = assertThrows(FlavorException.class, () -> adapter("").ensureRepository("mirror/etcd"));
    assertTrue(e.getMessage().startsWith("Harbor refused to create project mirror for target t: the credentials "
        + "of user 'mirror-bot' for target t (its push credentials) may not (HTTP 403: forbidden (you sent: Basic ****))"),
        e.getMessage());
    Canary.assertAbsent(e);
    assertTrue(!harbor.has("mirror"));
  }

  @Test
  void aLongMessageCutInsideTheEchoedSecretShowsNoPartOfIt() {
    harbor.refuseCreates(403);
    String pair = TestTargets.basic(Canary.USER, Canary.PASSWORD).substring("Basic ".length());
    // Moves the secret across the point where the quoted message is cut, one character at a time.
    for (int padding = 140; padding <= 200; padding++) {
      harbor.echoAuthorizationAfter("x".repeat(padding));
      FlavorException e = assertThrows(FlavorException.class, () -> adapter("").ensureRepository("mirror/etcd"));
      assertFalse(e.getMessage().contains(pair.substring(0, 8)), "padding " + padding + ": " + e.getMessage());
      Canary.assertAbsent(e);
    }
  }

  @Test
  void wrongCredentialsAreNamedNotShown() {
    harbor.expectAuthorization(TestTargets.basic(Canary.USER, "another"));
    FlavorException e = assertThrows(FlavorException.class, () -> adapter("").ensureRepository("mirror/etcd"));
    assertTrue(e.getMessage().contains("rejected the credentials of user 'mirror-bot' for target t"), e.getMessage());
    Canary.assertAbsent(e);
  }

  @Test
  void aRepositoryOutsideAnyProjectIsAnError() {
    FlavorException e = assertThrows(FlavorException.class, () -> adapter("").ensureRepository("etcd"));
    assertTrue(e.getMessage().contains("has no project"), e.getMessage());
  }

  @Test
  void anApiTokenIsNotSilentlyIgnored() {
    targets.apiToken(Canary.TOKEN);
    FlavorException e = assertThrows(FlavorException.class, () -> TestTargets.adapter(targets.target(
        "{\"url\": \"" + harbor.hostAndPort() + "/mirror\", \"flavor\": \"harbor\", \"plain-http\": true,"
        + " \"tokens\": {\"push\": \"push.json\", \"api\": \"api-token\"}}")));
    assertTrue(e.getMessage().contains("sets tokens.api, but the Harbor API takes the user and password"),
        e.getMessage());
  }

  @Test
  void anIdentityTokenCannotLogIntoTheApi() {
    targets.pushIdentityToken(harbor.hostAndPort(), Canary.TOKEN);
    FlavorException e = assertThrows(FlavorException.class, () -> adapter(""));
    assertTrue(e.getMessage().contains("are an identity token, which the Harbor API does not accept"), e.getMessage());
    Canary.assertAbsent(e);
  }

  @Test
  void missingPushCredentialsAreReportedWhenTheAdapterIsMade() {
    FlavorException e = assertThrows(FlavorException.class, () -> TestTargets.adapter(targets.target(
        "{\"url\": \"" + harbor.hostAndPort() + "/mirror\", \"flavor\": \"harbor\", \"plain-http\": true}")));
    assertTrue(e.getMessage().startsWith("target t has no credentials for " + harbor.hostAndPort()
        + " to use with the Harbor API"), e.getMessage());
  }
}
