package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.airgap.bundle.format.Documents;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A token service answering more than a document may hold is refused while its answer is read. */
class TokenResponseCapTest {
  private HttpServer server;
  private final AtomicInteger bearerRequests = new AtomicInteger();
  private volatile int tokenBytes;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    String realm = "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    server.createContext("/v2/", exchange -> {
      if (exchange.getRequestHeaders().getFirst("Authorization") != null) {
        bearerRequests.incrementAndGet();
        answer(exchange, 404, new byte[0]);
        return;
      }
      exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"test\"");
      answer(exchange, 401, new byte[0]);
    });
    server.createContext("/token", exchange -> {
      // A well-formed token, padded with whitespace (still valid JSON) to the size under test.
      byte[] body = Arrays.copyOf("{\"token\":\"abc\"}".getBytes(StandardCharsets.UTF_8), tokenBytes);
      Arrays.fill(body, 15, body.length, (byte) ' ');
      answer(exchange, 200, body);
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aTokenAnswerOfFourMiBPlusOneByteIsRefusedWithASentence() {
    tokenBytes = Documents.MAX_BYTES + 1;
    RegistryException e = assertThrows(RegistryException.class, () -> client().headManifest("org/app", "1.0"));
    assertTrue(e.getMessage().contains("the token response from 127.0.0.1 is larger than 4 MiB (4194304 bytes)"),
        e.getMessage());
    assertEquals(0, bearerRequests.get(), "no token may be used from an oversized answer");
  }

  @Test
  void aTokenAnswerOfExactlyFourMiBIsAccepted() {
    tokenBytes = Documents.MAX_BYTES;
    assertTrue(client().headManifest("org/app", "1.0").isEmpty());
    assertTrue(bearerRequests.get() > 0);
  }

  private RegistryClient client() {
    return RegistryClient.builder(RegistrySettings.secure("127.0.0.1:" + server.getAddress().getPort()).withPlainHttp(true))
        .build();
  }

  private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
