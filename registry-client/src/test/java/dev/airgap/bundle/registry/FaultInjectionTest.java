package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.DigestMismatchException;
import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.format.ManifestSummary;
import dev.airgap.bundle.testing.FaultProxy;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The retry, resume and verification rules, proven through a fault-injecting proxy. */
class FaultInjectionTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  private static final RetryPolicy FAST =
      new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2));
  private static final String MANIFESTS = "/v2/.*/manifests/.*";
  private static final String BLOBS = "/v2/.*/blobs/sha256:.*";
  private static final String UPLOADS = "/v2/.*/blobs/uploads/.*";

  private FaultProxy proxy;
  private RecordingListener events;
  private RegistryClient client;
  private RegistryClient direct;

  @BeforeEach
  void start() throws IOException {
    proxy = FaultProxy.start(registry.host());
    events = new RecordingListener();
    client = RegistryClient.builder(RegistrySettings.secure(proxy.host()).withPlainHttp(true))
        .retry(FAST).listener(events).build();
    direct = RegistryClient.builder(RegistrySettings.secure(registry.host()).withPlainHttp(true)).build();
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private TestImage pushed(String repo, long seed) {
    TestImage image = TestImages.seeded(seed).oci().build();
    TestPushes.push(direct, repo, "v1", image);
    return image;
  }

  @Test
  void throttlingIsRetriedAfterTheServersRetryAfter() {
    TestImage image = pushed("fault/throttle", 1);
    var rule = proxy.when("GET", MANIFESTS).times(2).respond(429, Map.of("Retry-After", "1"), "");
    assertArrayEquals(image.bytes(), client.pullManifest("fault/throttle", "v1").bytes());
    assertEquals(2, rule.hits());
    assertEquals(2, events.count("retry"), events.lines().toString());
    assertTrue(events.lines().stream().filter(l -> l.startsWith("retry")).allMatch(l -> l.contains("PT1S")),
        events.lines().toString());
  }

  @Test
  void persistentUnavailabilityFailsAfterBoundedTries() {
    pushed("fault/down", 2);
    proxy.when("GET", MANIFESTS).respond(503, Map.of(), "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"maintenance\"}]}");
    var e = assertThrows(RegistryException.class, () -> client.pullManifest("fault/down", "v1"));
    assertEquals(503, e.status());
    assertTrue(e.getMessage().contains("pull manifest " + proxy.host() + "/fault/down:v1 failed: HTTP 503 UNAVAILABLE: maintenance"),
        e.getMessage());
    assertEquals(FAST.maxAttempts(), proxy.exchanges().size());
  }

  @Test
  void authorizationFailuresAreNeverRetried() {
    pushed("fault/denied", 3);
    proxy.when("GET", MANIFESTS).respond(403, Map.of(), "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"no\"}]}");
    var e = assertThrows(RegistryAuthException.class, () -> client.pullManifest("fault/denied", "v1"));
    assertEquals(403, e.status());
    assertEquals(1, proxy.exchanges().size());
  }

  @Test
  void digestInvalidIsNeverRetried() {
    byte[] content = random(5000, 4);
    proxy.when("PUT", UPLOADS).respond(400, Map.of(),
        "{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"provided digest did not match uploaded content\"}]}");
    var e = assertThrows(RegistryException.class,
        () -> client.pushBlob("fault/digest", Digest.sha256(content), BodySource.ofBytes(content)));
    assertEquals("DIGEST_INVALID", e.errorCode());
    assertEquals(1, proxy.exchanges().stream().filter(x -> x.method().equals("PUT")).count());
  }

  @Test
  void downloadResumesWithRangeAfterAReset() throws IOException {
    byte[] content = random(1_000_000, 5);
    Digest digest = Digest.sha256(content);
    direct.pushBlob("fault/resume", digest, BodySource.ofBytes(content));
    proxy.when("GET", BLOBS).times(1).cutResponseBodyAfter(300_000);

    try (InputStream in = client.openBlob("fault/resume", digest, content.length)) {
      assertArrayEquals(content, in.readAllBytes());
    }
    assertEquals(1, events.count("resume"), events.lines().toString());
    var resumed = proxy.exchanges().stream().filter(x -> x.header("Range").isPresent()).toList();
    assertEquals(1, resumed.size(), proxy.exchanges().toString());
    long offset = Long.parseLong(resumed.get(0).header("Range").get().replaceAll("bytes=(\\d+)-", "$1"));
    assertTrue(offset > 0 && offset <= 300_000, "resumed at " + offset);
    assertEquals(206, resumed.get(0).status());
  }

  @Test
  void downloadThatKeepsBreakingFailsClearly() {
    byte[] content = random(400_000, 6);
    Digest digest = Digest.sha256(content);
    direct.pushBlob("fault/broken", digest, BodySource.ofBytes(content));
    proxy.when("GET", BLOBS).cutResponseBodyAfter(50_000);
    var e = assertThrows(IOException.class, () -> {
      try (InputStream in = client.openBlob("fault/broken", digest, content.length)) {
        in.readAllBytes();
      }
    });
    assertTrue(e.getMessage().contains("pull blob " + proxy.host() + "/fault/broken@" + digest), e.getMessage());
  }

  @Test
  void uploadResetMidBodyStartsAFreshSessionAndCompletes() throws IOException {
    byte[] content = random(700_000, 7);
    Digest digest = Digest.sha256(content);
    var rule = proxy.when("PUT", UPLOADS).times(1).cutRequestBodyAfter(200_000);
    client.pushBlob("fault/upload", digest, BodySource.ofBytes(content));
    assertEquals(1, rule.hits());
    assertEquals(2, proxy.exchanges().stream().filter(x -> x.method().equals("POST")).count());
    try (InputStream in = direct.openBlob("fault/upload", digest, content.length)) {
      assertArrayEquals(content, in.readAllBytes());
    }
  }

  @Test
  void chunkedUploadResetMidChunkCompletes() throws IOException {
    byte[] content = random(600_000, 8);
    Digest digest = Digest.sha256(content);
    var rule = proxy.when("PATCH", UPLOADS).times(1).cutRequestBodyAfter(100_000);
    client.pushBlobChunked("fault/chunks", digest, BodySource.ofBytes(content), 200_000);
    assertEquals(1, rule.hits());
    try (InputStream in = direct.openBlob("fault/chunks", digest, content.length)) {
      assertArrayEquals(content, in.readAllBytes());
    }
  }

  @Test
  void chunkedUploadAsksTheSessionWhereToResumeAfter416() throws IOException {
    byte[] content = random(500_000, 15);
    Digest digest = Digest.sha256(content);
    var rule = proxy.when("PATCH", UPLOADS).times(1).respond(416, Map.of(), "");
    client.pushBlobChunked("fault/range", digest, BodySource.ofBytes(content), 200_000);
    assertEquals(1, rule.hits());
    assertTrue(proxy.exchanges().stream().anyMatch(x -> x.method().equals("GET") && x.status() == 204),
        proxy.exchanges().toString());
    assertEquals(1, proxy.exchanges().stream().filter(x -> x.method().equals("POST")).count());
    try (InputStream in = direct.openBlob("fault/range", digest, content.length)) {
      assertArrayEquals(content, in.readAllBytes());
    }
  }

  @Test
  void wrongDigestHeaderOnAManifestIsCaught() {
    pushed("fault/lying", 9);
    proxy.when("GET", MANIFESTS).setResponseHeader("Docker-Content-Digest", Digest.sha256(new byte[] {1}).toString());
    var e = assertThrows(DigestMismatchException.class, () -> client.pullManifest("fault/lying", "v1"));
    assertTrue(e.getMessage().contains("registry reports"), e.getMessage());
  }

  @Test
  void wrongDigestHeaderOnABlobIsCaught() {
    byte[] content = random(1000, 10);
    Digest digest = Digest.sha256(content);
    direct.pushBlob("fault/lyingblob", digest, BodySource.ofBytes(content));
    proxy.when("GET", BLOBS).setResponseHeader("Docker-Content-Digest", Digest.sha256(new byte[] {2}).toString());
    assertThrows(DigestMismatchException.class, () -> client.openBlob("fault/lyingblob", digest, content.length));
  }

  @Test
  void wrongDigestHeaderAfterAnUploadIsCaught() {
    byte[] content = random(1000, 11);
    proxy.when("PUT", UPLOADS).setResponseHeader("Docker-Content-Digest", Digest.sha256(new byte[] {3}).toString());
    var e = assertThrows(DigestMismatchException.class,
        () -> client.pushBlob("fault/lyingput", Digest.sha256(content), BodySource.ofBytes(content)));
    assertTrue(e.getMessage().contains("push blob"), e.getMessage());
  }

  @Test
  void wrongBytesUnderADigestAreCaught() {
    TestImage real = pushed("fault/swap", 12);
    TestImage other = TestImages.seeded(13).oci().build();
    proxy.when("GET", MANIFESTS).respond(200,
        Map.of("Content-Type", other.mediaType(), "Docker-Content-Digest", real.digest()),
        new String(other.bytes(), java.nio.charset.StandardCharsets.UTF_8));
    assertThrows(DigestMismatchException.class, () -> client.pullManifest("fault/swap", real.digest()));
  }

  @Test
  void schema1ManifestIsRejectedWithAClearMessage() {
    var schema1 = TestImages.seeded(14).schema1();
    proxy.when("GET", MANIFESTS).respond(200, Map.of("Content-Type", schema1.mediaType()),
        new String(schema1.bytes(), java.nio.charset.StandardCharsets.UTF_8));
    var e = assertThrows(IntegrityException.class, () -> client.pullManifest("fault/old", "v1"));
    assertTrue(e.getMessage().contains("schema 1"), e.getMessage());
    assertTrue(e.getMessage().contains("skopeo copy --format v2s2"), e.getMessage());
  }

  @Test
  void oversizeManifestIsRefusedWithoutReadingIt() {
    String body = "{\"schemaVersion\":2,\"layers\":[],\"annotations\":{\"x\":\""
        + "a".repeat(ManifestSummary.MAX_MANIFEST_BYTES) + "\"}}";
    proxy.when("GET", MANIFESTS).respond(200,
        Map.of("Content-Type", "application/vnd.oci.image.manifest.v1+json"), body);
    var e = assertThrows(IntegrityException.class, () -> client.pullManifest("fault/huge", "v1"));
    assertTrue(e.getMessage().contains("is larger than 4 MiB (4194304 bytes)"), e.getMessage());
  }
}
