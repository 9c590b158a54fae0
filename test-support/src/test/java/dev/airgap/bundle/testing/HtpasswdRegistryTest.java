package dev.airgap.bundle.testing;

import static dev.airgap.bundle.testing.TestHttp.basic;
import static dev.airgap.bundle.testing.TestHttp.get;
import static dev.airgap.bundle.testing.TestHttp.pushBlob;
import static dev.airgap.bundle.testing.TestHttp.randomBlob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HtpasswdRegistryTest {

  @RegisterExtension
  static final RegistryExtension REGISTRY = RegistryExtension.htpasswd();

  private final HttpClient client = TestHttp.client(REGISTRY);
  private final URI ping = REGISTRY.baseUri().resolve("/v2/");

  @Test
  void challengesForBasicCredentialsOverTls() throws Exception {
    HttpResponse<String> response = get(client, ping, null);

    assertTrue(REGISTRY.isTls());
    assertEquals(401, response.statusCode());
    assertEquals("Basic realm=\"bundle-test\"",
        response.headers().firstValue("WWW-Authenticate").orElseThrow());
  }

  @Test
  void acceptsTheGeneratedUserAndRejectsAWrongPassword() throws Exception {
    assertNotEquals(REGISTRY.username(), REGISTRY.password());

    assertEquals(200, get(client, ping, basic(REGISTRY.username(), REGISTRY.password()))
        .statusCode());
    assertEquals(401, get(client, ping, basic(REGISTRY.username(), "wrong")).statusCode());
  }

  @Test
  void addedUsersAreAcceptedAtOnceAndANewPasswordReplacesTheOld() throws Exception {
    REGISTRY.addUser("lab+puller", "first-token");
    assertEquals(200, get(client, ping, basic("lab+puller", "first-token")).statusCode());

    REGISTRY.addUser("lab+puller", "second-token");
    assertEquals(200, get(client, ping, basic("lab+puller", "second-token")).statusCode());
    assertEquals(401, get(client, ping, basic("lab+puller", "first-token")).statusCode());
    assertEquals(200, get(client, ping, basic(REGISTRY.username(), REGISTRY.password())).statusCode(),
        "the generated user stays");
  }

  @Test
  void servesFakesWithTheRegistryCertificate() throws Exception {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(REGISTRY.serverSslContext()));
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    try {
      URI fake = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/api");
      assertEquals(204, get(client, fake, null).statusCode(), "trusted like the registry itself");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void acceptsAPushWithCredentials() throws Exception {
    HttpResponse<String> pushed = pushBlob(client, REGISTRY.baseUri(), "basic/app",
        randomBlob(2048, 3), basic(REGISTRY.username(), REGISTRY.password()));

    assertEquals(201, pushed.statusCode(), pushed.body());
  }
}
