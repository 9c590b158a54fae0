package dev.airgap.bundle.importer.flavor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuayAdapterTest {
  @TempDir Path dir;
  private FakeQuay quay;
  private TestTargets targets;

  @BeforeEach
  void start() {
    quay = new FakeQuay(Canary.TOKEN);
    targets = new TestTargets(dir).apiToken(Canary.TOKEN);
  }

  @AfterEach
  void stop() {
    quay.close();
  }

  @Test
  void anAdminApiThatStallsMidAnswerFailsWithinTheTimeout() {
    quay.stallBodyAfter(5);
    FlavorAdapter adapter = TestTargets.adapter(targets.target("{\"url\": \"" + quay.hostAndPort() + "/tectonic-mirror\","
        + " \"flavor\": \"quay\", \"plain-http\": true, \"tokens\": {\"api\": \"api-token\"}}"),
        java.time.Duration.ofMillis(500));

    FlavorException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
        () -> org.junit.jupiter.api.Assertions.assertThrows(FlavorException.class,
            () -> adapter.ensureRepository("tectonic-mirror/etcd")));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("sent nothing for"), e.getMessage());
  }

  private FlavorAdapter adapter(String options) {
    return TestTargets.adapter(targets.target("{\"url\": \"" + quay.hostAndPort() + "/tectonic-mirror\","
        + " \"flavor\": \"quay\", \"plain-http\": true, \"tokens\": {\"api\": \"api-token\"}" + options + "}"));
  }

  @Test
  void createsAPrivateRepositoryWithTheDocumentedRequest() {
    FlavorAdapter adapter = adapter("");
    assertEquals("quay", adapter.flavor());
    adapter.ensureRepository("tectonic-mirror/etcd");

    assertTrue(quay.has("tectonic-mirror/etcd"));
    List<FakeAdminServer.Request> sent = quay.requests();
    assertEquals(1, sent.size());
    assertEquals("POST", sent.get(0).method());
    assertEquals("/api/v1/repository", sent.get(0).uri());
    assertEquals("Bearer " + Canary.TOKEN, sent.get(0).authorization());
    JsonNode body = sent.get(0).json();
    assertEquals("tectonic-mirror", body.get("namespace").asText());
    assertEquals("etcd", body.get("repository").asText());
    assertEquals("private", body.get("visibility").asText());
    assertEquals("", body.get("description").asText());
    assertEquals("image", body.get("repo_kind").asText());
  }

  @Test
  void visibilityComesFromTheOptions() {
    adapter(", \"quay\": {\"visibility\": \"public\"}").ensureRepository("tectonic-mirror/etcd");
    assertEquals("public", quay.visibilityOf("tectonic-mirror/etcd"));
  }

  @Test
  void eachRepositoryIsCreatedOnce() {
    FlavorAdapter adapter = adapter("");
    adapter.ensureRepository("tectonic-mirror/etcd");
    adapter.ensureRepository("tectonic-mirror/etcd");
    adapter.ensureRepository("tectonic-mirror/flannel");
    adapter.ensureRepository("tectonic-mirror/etcd");
    assertEquals(2, quay.requests().size(), "one call per repository");
  }

  @Test
  void alreadyExistsIsSuccess() {
    quay.add("tectonic-mirror/etcd");
    FlavorAdapter adapter = adapter("");
    adapter.ensureRepository("tectonic-mirror/etcd");
    adapter.ensureRepository("tectonic-mirror/etcd");
    assertEquals(1, quay.requests().size());
  }

  @Test
  void concurrentImportsOfOneRepositoryCallTheApiOnce() throws Exception {
    FlavorAdapter adapter = adapter("");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(pool.submit(() -> {
          go.await();
          adapter.ensureRepository("tectonic-mirror/etcd");
          return null;
        }));
      }
      go.countDown();
      for (Future<?> call : calls) {
        call.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, quay.requests().size());
  }

  @Test
  void quotaIsOneClearSentenceWithoutTheToken() {
    quay.refuseCreates(402);
    quay.echoAuthorization();
    FlavorAdapter adapter = adapter("");
    FlavorException e = assertThrows(FlavorException.class, () -> adapter.ensureRepository("tectonic-mirror/etcd"));
    assertTrue(e.getMessage().startsWith("Quay refused to create the private repository tectonic-mirror/etcd "
        + "for target t: organization tectonic-mirror has used up its plan's private repositories (HTTP 402)"),
        e.getMessage());
    Canary.assertAbsent(e);

    // A failure is not remembered: once the quota is raised, the same adapter succeeds.
    quay.refuseCreates(0);
    adapter.ensureRepository("tectonic-mirror/etcd");
    assertTrue(quay.has("tectonic-mirror/etcd"));
  }

  @Test
  void permissionIsOneClearSentenceWithoutTheToken() {
    quay.refuseCreates(403);
    quay.echoAuthorization();
    FlavorException e = assertThrows(FlavorException.class,
        () -> adapter("").ensureRepository("tectonic-mirror/etcd"));
    assertTrue(e.getMessage().startsWith("Quay refused to create repository tectonic-mirror/etcd for target t: "
        + "its API token may not create repositories in organization tectonic-mirror (HTTP 403: Unauthorized"),
        e.getMessage());
    assertTrue(e.getMessage().contains("(you sent: Bearer ****)"), "the echoed header is scrubbed: " + e.getMessage());
    Canary.assertAbsent(e);
  }

  @Test
  void aRejectedTokenSaysWhichOne() {
    quay.expectAuthorization("Bearer another-token");
    FlavorException e = assertThrows(FlavorException.class,
        () -> adapter("").ensureRepository("tectonic-mirror/etcd"));
    assertTrue(e.getMessage().contains("rejected the API token of target t (its tokens.api file) (HTTP 401"),
        e.getMessage());
    Canary.assertAbsent(e);
  }

  @Test
  void deeperPathsNeedTheNameTemplate() {
    FlavorAdapter adapter = adapter("");
    FlavorException e = assertThrows(FlavorException.class,
        () -> adapter.ensureRepository("tectonic-mirror/coreos/etcd"));
    assertTrue(e.getMessage().contains("'tectonic-mirror/coreos/etcd' has more"), e.getMessage());
    assertTrue(e.getMessage().contains("\"{name}\""), e.getMessage());
    FlavorException bare = assertThrows(FlavorException.class, () -> adapter.ensureRepository("etcd"));
    assertTrue(bare.getMessage().contains("has no organization"), bare.getMessage());
    assertTrue(quay.requests().isEmpty(), "nothing is sent for a path Quay cannot hold");
  }

  @Test
  void aMissingApiTokenIsReportedWhenTheAdapterIsMade() {
    FlavorException e = assertThrows(FlavorException.class, () -> TestTargets.adapter(targets.target(
        "{\"url\": \"" + quay.hostAndPort() + "/org\", \"flavor\": \"quay\", \"plain-http\": true}")));
    assertEquals("target t has flavor quay, whose API needs an OAuth application token: set \"tokens\": "
        + "{\"api\": \"FILE\"} to a file holding just that token", e.getMessage());
  }
}
