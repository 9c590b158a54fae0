package dev.airgap.bundle.testing;

import static dev.airgap.bundle.testing.TestHttp.get;
import static dev.airgap.bundle.testing.TestHttp.pushBlob;
import static dev.airgap.bundle.testing.TestHttp.randomBlob;
import static dev.airgap.bundle.testing.TestHttp.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AnonymousRegistryTest {

  @RegisterExtension
  static final RegistryExtension REGISTRY = RegistryExtension.anonymous();

  private final HttpClient client = TestHttp.client(REGISTRY);

  @Test
  void answersTheApiVersionCheckOverPlainHttp() throws Exception {
    HttpResponse<String> response = get(client, REGISTRY.baseUri().resolve("/v2/"), null);

    assertEquals(200, response.statusCode());
    assertEquals("registry/2.0",
        response.headers().firstValue("Docker-Distribution-Api-Version").orElseThrow());
    assertTrue(REGISTRY.host().matches("127\\.0\\.0\\.1:\\d+"), REGISTRY.host());
    assertEquals(URI.create("http://" + REGISTRY.host() + "/"), REGISTRY.baseUri());
    assertFalse(REGISTRY.isTls());
    assertTrue(Files.isRegularFile(REGISTRY.logFile()));
  }

  @Test
  void refusesAccessorsThatDoNotApply() {
    assertThrows(IllegalStateException.class, REGISTRY::caCertificate);
    assertThrows(IllegalStateException.class, REGISTRY::username);
    assertThrows(IllegalStateException.class, REGISTRY::tokenServer);
  }

  @Test
  void storesPushedBlobsOnDiskAndDeletesThem() throws Exception {
    byte[] blob = randomBlob(4096, 1);
    HttpResponse<String> pushed = pushBlob(client, REGISTRY.baseUri(), "anon/store", blob, null);
    assertEquals(201, pushed.statusCode(), pushed.body());
    assertEquals(sha256(blob), pushed.headers().firstValue("Docker-Content-Digest").orElseThrow());

    URI blobUri = REGISTRY.baseUri().resolve("/v2/anon/store/blobs/" + sha256(blob));
    HttpResponse<byte[]> pulled = client.send(HttpRequest.newBuilder(blobUri).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertArrayEquals(blob, pulled.body());
    assertTrue(Files.isDirectory(REGISTRY.storageDir().resolve("docker/registry/v2/blobs")));

    HttpResponse<Void> deleted = client.send(HttpRequest.newBuilder(blobUri).DELETE().build(),
        HttpResponse.BodyHandlers.discarding());
    assertEquals(202, deleted.statusCode(), "storage.delete.enabled must be on");
  }

  @Test
  void keepsPortAndContentAcrossKillAndStart() throws Exception {
    byte[] blob = randomBlob(1024, 2);
    assertEquals(201, pushBlob(client, REGISTRY.baseUri(), "anon/restart", blob, null).statusCode());
    String host = REGISTRY.host();
    URI blobUri = REGISTRY.baseUri().resolve("/v2/anon/restart/blobs/" + sha256(blob));

    REGISTRY.kill();
    assertFalse(REGISTRY.isRunning());
    assertThrows(IOException.class, () -> get(client, blobUri, null));

    REGISTRY.start();
    assertTrue(REGISTRY.isRunning());
    assertEquals(host, REGISTRY.host());
    assertEquals(200, get(client, blobUri, null).statusCode());
  }

  @Test
  void resumesAnUploadSessionAfterKillAndStart() throws Exception {
    byte[] blob = randomBlob(20_000, 3);
    HttpResponse<String> session = client.send(
        HttpRequest.newBuilder(REGISTRY.baseUri().resolve("/v2/anon/resume/blobs/uploads/"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    URI location = session.uri().resolve(session.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> firstHalf = client.send(HttpRequest.newBuilder(location)
            .header("Content-Range", "0-9999")
            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(blob, 0, 10_000)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(202, firstHalf.statusCode(), firstHalf.body());

    REGISTRY.kill();
    REGISTRY.start();

    URI resumed = firstHalf.uri().resolve(firstHalf.headers().firstValue("Location").orElseThrow());
    HttpResponse<String> status = client.send(HttpRequest.newBuilder(resumed).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(204, status.statusCode(), "the session's signed state must survive a restart");
    assertEquals("0-9999", status.headers().firstValue("Range").orElseThrow());
    HttpResponse<String> done = client.send(
        HttpRequest.newBuilder(URI.create(resumed + "&digest=" + sha256(blob)))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(blob, 10_000, 10_000)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, done.statusCode(), done.body());
  }

  @Test
  void refusesToStartTwice() {
    assertThrows(IllegalStateException.class, REGISTRY::start);
  }
}
