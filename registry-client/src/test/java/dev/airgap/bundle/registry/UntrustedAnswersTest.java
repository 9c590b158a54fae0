package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.testing.FaultProxy;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a registry declares is checked before it is used: sizes, digest headers, the range of a
 * resumed download, and how long it may stay silent.
 */
class UntrustedAnswersTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  private static final RetryPolicy FAST =
      new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1));
  private static final String BLOBS = "/v2/.*/blobs/sha256:.*";
  private static final String MANIFESTS = "/v2/.*/manifests/.*";
  private static final String MALFORMED = "sha256:NOT-A-DIGEST";

  private FaultProxy proxy;
  private RecordingListener events;
  private RegistryClient client;
  private RegistryClient direct;

  @BeforeEach
  void start() throws IOException {
    proxy = FaultProxy.start(registry.host());
    events = new RecordingListener();
    client = RegistryClient.builder(RegistrySettings.secure(proxy.host()).withPlainHttp(true))
        .retry(FAST).listener(events).timeout(Duration.ofMillis(700)).build();
    direct = RegistryClient.builder(RegistrySettings.secure(registry.host()).withPlainHttp(true)).build();
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
  }

  private Digest pushBlob(String repo, byte[] content) {
    Digest digest = Digest.sha256(content);
    direct.pushBlob(repo, digest, BodySource.ofBytes(content));
    return digest;
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  // ---- item 13: sizes near 2^63 and silent servers ----

  @Test
  void aBlobSizeNearTwoToTheSixtyThirdIsRefusedBeforeAnyRequest() {
    Digest digest = pushBlob("untrusted/huge", random(100, 1));
    var e = assertThrows(IntegrityException.class, () -> client.openBlob("untrusted/huge", digest, Long.MAX_VALUE - 1));
    assertTrue(e.getMessage().contains(String.valueOf(Long.MAX_VALUE - 1)), e.getMessage());
    assertEquals(List.of(), proxy.exchanges(), "nothing is asked before the size is checked");
  }

  @Test
  void aContentLengthNearTwoToTheSixtyThirdIsRefusedBeforeTheBodyIsRead() {
    byte[] content = random(1000, 2);
    Digest digest = pushBlob("untrusted/length", content);
    proxy.when("GET", BLOBS).setResponseHeader("Content-Length", String.valueOf(Long.MAX_VALUE - 1));
    assertThrows(IntegrityException.class, () -> client.openBlob("untrusted/length", digest, content.length));
  }

  @Test
  void aBlobBodyThatStallsIsResumedAfterTheIdleTimeout() throws IOException {
    byte[] content = random(400_000, 3);
    Digest digest = pushBlob("untrusted/stall-once", content);
    proxy.when("GET", BLOBS).times(1).stallResponseBodyAfter(100_000);
    byte[] read = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      try (InputStream in = client.openBlob("untrusted/stall-once", digest, content.length)) {
        return in.readAllBytes();
      }
    });
    assertArrayEquals(content, read);
    assertEquals(1, events.count("resume"), events.lines().toString());
  }

  @Test
  void aBlobBodyThatKeepsStallingFailsAfterBoundedTries() {
    byte[] content = random(400_000, 4);
    Digest digest = pushBlob("untrusted/stall", content);
    proxy.when("GET", BLOBS).stallResponseBodyAfter(10_000);
    IOException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(IOException.class, () -> {
      try (InputStream in = client.openBlob("untrusted/stall", digest, content.length)) {
        in.readAllBytes();
      }
    }));
    assertTrue(e.getMessage().contains(proxy.host()), e.getMessage());
    assertEquals(FAST.maxAttempts(), proxy.exchanges().size(), proxy.exchanges().toString());
  }

  @Test
  void anUploadTheServerStopsTakingFailsAfterBoundedTries() {
    byte[] content = random(3_000_000, 5);
    Digest digest = Digest.sha256(content);
    proxy.when("PUT", "/v2/.*/blobs/uploads/.*").stallRequestBodyAfter(50_000);
    RegistryException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> assertThrows(RegistryException.class, () -> client.pushBlob("untrusted/upload", digest, BodySource.ofBytes(content))));
    assertEquals(0, e.status());
    assertTrue(e.getMessage().contains(proxy.host()) && e.getMessage().contains("--timeout"), e.getMessage());
    assertEquals(FAST.maxAttempts(), proxy.exchanges().stream().filter(x -> x.method().equals("PUT")).count());
  }

  // ---- item 16: digest headers and resumed ranges ----

  @Test
  void aMalformedDigestHeaderOnAManifestIsAnError() {
    TestImage image = TestImages.seeded(6).oci().build();
    TestPushes.push(direct, "untrusted/manifest", "v1", image);
    var rule = proxy.when("*", MANIFESTS).setResponseHeader("Docker-Content-Digest", MALFORMED);
    var pulled = assertThrows(IntegrityException.class, () -> client.pullManifest("untrusted/manifest", "v1"));
    assertTrue(pulled.getMessage().contains("Docker-Content-Digest"), pulled.getMessage());
    var head = assertThrows(IntegrityException.class, () -> client.headManifest("untrusted/manifest", "v1"));
    assertTrue(head.getMessage().contains("Docker-Content-Digest"), head.getMessage());
    assertEquals(2, rule.hits());
  }

  @Test
  void aMalformedDigestHeaderOnABlobIsAnError() {
    byte[] content = random(1000, 7);
    Digest digest = pushBlob("untrusted/blobheader", content);
    proxy.when("*", BLOBS).setResponseHeader("Docker-Content-Digest", MALFORMED);
    assertThrows(IntegrityException.class, () -> client.openBlob("untrusted/blobheader", digest, content.length));
    assertThrows(IntegrityException.class, () -> client.blobSize("untrusted/blobheader", digest));
  }

  @Test
  void aResumeWhoseContentRangeDoesNotMatchRestartsFromZero() throws IOException {
    byte[] content = random(1_000_000, 8);
    Digest digest = pushBlob("untrusted/range", content);
    proxy.when("GET", BLOBS).times(1).cutResponseBodyAfter(300_000);
    proxy.when("GET", BLOBS).times(1).setResponseHeader("Content-Range", "bytes 0-999999/1000000");
    try (InputStream in = client.openBlob("untrusted/range", digest, content.length)) {
      assertArrayEquals(content, in.readAllBytes());
    }
    var gets = proxy.exchanges().stream().filter(x -> x.method().equals("GET")).toList();
    assertEquals(3, gets.size(), gets.toString());
    assertTrue(gets.get(1).header("Range").isPresent(), "the resume asked for the rest");
    assertFalse(gets.get(2).header("Range").isPresent(), "the refused resume was followed by a full download");
  }
}
