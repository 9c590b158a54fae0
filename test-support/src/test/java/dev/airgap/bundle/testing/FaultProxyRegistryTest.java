package dev.airgap.bundle.testing;

import static dev.airgap.bundle.testing.TestHttp.get;
import static dev.airgap.bundle.testing.TestHttp.pushBlob;
import static dev.airgap.bundle.testing.TestHttp.randomBlob;
import static dev.airgap.bundle.testing.TestHttp.sha256;
import static dev.airgap.bundle.testing.TestHttp.uploadLocation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.testing.FaultProxy.Exchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each FaultProxy rule, observed with java.net.http against the real registry behind it. */
class FaultProxyRegistryTest {

  @RegisterExtension
  static final RegistryExtension REGISTRY = RegistryExtension.anonymous();

  private final HttpClient client = TestHttp.plainClient();
  private FaultProxy proxy;

  @BeforeEach
  void startProxy() throws IOException {
    proxy = FaultProxy.start(REGISTRY.host());
  }

  @AfterEach
  void closeProxy() throws IOException {
    proxy.close();
  }

  @Test
  void relaysWithTheHostHeaderSoLocationsPointAtTheProxy() throws Exception {
    byte[] blob = randomBlob(5000, 10);
    HttpResponse<String> session = client.send(
        HttpRequest.newBuilder(proxy.baseUri().resolve("/v2/proxied/app/blobs/uploads/"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    URI location = uploadLocation(session, blob);
    HttpResponse<String> put = client.send(HttpRequest.newBuilder(location)
            .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(proxy.host(), location.getAuthority());
    assertEquals(201, put.statusCode(), put.body());
    List<Exchange> exchanges = proxy.exchanges();
    assertEquals(List.of("POST", "PUT"), exchanges.stream().map(Exchange::method).toList());
    assertEquals(List.of(202, 201), exchanges.stream().map(Exchange::status).toList());
    assertEquals(proxy.host(), exchanges.get(1).header("host").orElseThrow());
    assertTrue(exchanges.get(1).target().contains("digest=" + sha256(blob)));
    assertNull(exchanges.get(1).rule());
  }

  @Test
  void answers429WithRetryAfterOnceThenRelays() throws Exception {
    FaultProxy.Rule rule = proxy.when("GET", "/v2/").times(1)
        .respond(429, Map.of("Retry-After", "1"), "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}");
    URI ping = proxy.baseUri().resolve("/v2/");

    HttpResponse<String> limited = get(client, ping, null);
    HttpResponse<String> relayed = get(client, ping, null);

    assertEquals(429, limited.statusCode());
    assertEquals("1", limited.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(limited.body().contains("TOOMANYREQUESTS"));
    assertEquals(200, relayed.statusCode());
    assertEquals(1, rule.hits());
    assertEquals(rule.toString(), proxy.exchanges().get(0).rule());
  }

  @Test
  void answers503ForeverWhenUnlimited() throws Exception {
    proxy.when("*", "/v2/.*").respond(503, Map.of(), "");

    for (int i = 0; i < 3; i++) {
      assertEquals(503, get(client, proxy.baseUri().resolve("/v2/any/thing"), null).statusCode());
    }
    assertEquals(503, client.send(HttpRequest.newBuilder(proxy.baseUri().resolve("/v2/x/y"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode());
  }

  @Test
  void resetsTheDownloadAfterTheGivenBodyBytes() throws Exception {
    byte[] blob = randomBlob(64 * 1024, 11);
    assertEquals(201, pushBlob(client, REGISTRY.baseUri(), "proxied/download", blob, null)
        .statusCode());
    proxy.when("GET", "/v2/proxied/download/blobs/.*").cutResponseBodyAfter(1000);

    HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
            proxy.baseUri().resolve("/v2/proxied/download/blobs/" + sha256(blob))).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    int[] received = {0};
    assertThrows(IOException.class, () -> {
      try (InputStream body = response.body()) {
        byte[] buffer = new byte[4096];
        for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
          received[0] += read;
        }
      }
    });

    assertEquals(200, response.statusCode());
    // On Linux loopback exactly 1000 arrive; an RST may in principle overtake unread data.
    assertTrue(received[0] <= 1000, "received " + received[0]);
    assertEquals(200, proxy.exchanges().get(0).status());
  }

  @Test
  void resetsTheUploadAfterTheGivenBodyBytes() throws Exception {
    byte[] blob = randomBlob(64 * 1024, 12);
    proxy.when("PUT", "/v2/proxied/upload/blobs/uploads/.*").cutRequestBodyAfter(1000);

    assertThrows(IOException.class,
        () -> pushBlob(client, proxy.baseUri(), "proxied/upload", blob, null));

    Exchange cut = proxy.exchanges().get(1);
    assertEquals("PUT", cut.method());
    assertEquals(-1, cut.status());
    URI stored = REGISTRY.baseUri().resolve("/v2/proxied/upload/blobs/" + sha256(blob));
    assertEquals(404, get(client, stored, null).statusCode(), "a cut upload must not complete");
  }

  @Test
  void replacesAResponseHeader() throws Exception {
    String wrong = "sha256:" + "0".repeat(64);
    proxy.when("PUT", "/v2/.*/blobs/uploads/.*").setResponseHeader("Docker-Content-Digest", wrong);

    HttpResponse<String> pushed = pushBlob(client, proxy.baseUri(), "proxied/digest",
        randomBlob(100, 13), null);

    assertEquals(201, pushed.statusCode());
    assertEquals(List.of(wrong), pushed.headers().allValues("Docker-Content-Digest"));
  }

  @Test
  void dropsAResponseHeader() throws Exception {
    byte[] blob = randomBlob(100, 14);
    assertEquals(201, pushBlob(client, REGISTRY.baseUri(), "proxied/drop", blob, null)
        .statusCode());
    proxy.when("HEAD", "/v2/.*").dropResponseHeader("Docker-Content-Digest");
    HttpRequest head = HttpRequest.newBuilder(
            proxy.baseUri().resolve("/v2/proxied/drop/blobs/" + sha256(blob)))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();

    HttpResponse<Void> response = client.send(head, HttpResponse.BodyHandlers.discarding());

    assertEquals(200, response.statusCode());
    assertFalse(response.headers().firstValue("Docker-Content-Digest").isPresent());
    assertEquals("100", response.headers().firstValue("Content-Length").orElseThrow());
  }

  @Test
  void relaysAChunkedUploadAndAnExpectContinueRequest() throws Exception {
    byte[] blob = randomBlob(40_000, 15);
    byte[] first = Arrays.copyOfRange(blob, 0, 30_000);
    byte[] rest = Arrays.copyOfRange(blob, 30_000, blob.length);
    HttpResponse<String> session = client.send(
        HttpRequest.newBuilder(proxy.baseUri().resolve("/v2/proxied/chunked/blobs/uploads/"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    URI location = session.uri().resolve(session.headers().firstValue("Location").orElseThrow());
    // An InputStream publisher has no known length, so java.net.http sends it chunked.
    HttpResponse<String> patch = client.send(HttpRequest.newBuilder(location)
            .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(first)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    URI next = patch.uri().resolve(patch.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> put = client.send(HttpRequest.newBuilder(
            URI.create(next + "&digest=" + sha256(blob)))
            .expectContinue(true).PUT(HttpRequest.BodyPublishers.ofByteArray(rest)).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(202, patch.statusCode(), patch.body());
    assertEquals(List.of("chunked"), proxy.exchanges().get(1).headers().get("Transfer-Encoding"));
    assertEquals(201, put.statusCode(), put.body());
    assertTrue(proxy.exchanges().get(2).header("Expect").orElseThrow()
        .equalsIgnoreCase("100-continue"));
    assertEquals(sha256(blob), put.headers().firstValue("Docker-Content-Digest").orElseThrow());
  }

  @Test
  void resetsTheClientWhenTheUpstreamIsDown() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (FaultProxy dead = FaultProxy.start("127.0.0.1:" + closedPort)) {
      assertThrows(IOException.class, () -> get(client, dead.baseUri().resolve("/v2/"), null));
      assertEquals(-1, dead.exchanges().get(0).status());
    }
  }

  @Test
  void clearRemovesRulesAndRecords() throws Exception {
    proxy.when("GET", "/v2/").respond(500, Map.of(), "");
    assertEquals(500, get(client, proxy.baseUri().resolve("/v2/"), null).statusCode());

    proxy.clear();

    assertEquals(List.of(), proxy.exchanges());
    assertEquals(200, get(client, proxy.baseUri().resolve("/v2/"), null).statusCode());
  }
}
