package dev.airgap.bundle.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/1.1 message framing through the proxy, on one raw client connection: a wrong guess about
 * where a body ends shows up as a hang (caught by the socket timeout) or as garbled bytes.
 */
class FaultProxyFramingTest {

  private CannedUpstream upstream;
  private FaultProxy proxy;
  private Socket client;

  @BeforeEach
  void start() throws IOException {
    upstream = new CannedUpstream();
    proxy = FaultProxy.start(upstream.host());
    client = new Socket("127.0.0.1", Integer.parseInt(proxy.host().split(":")[1]));
    client.setSoTimeout(5_000);
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    proxy.close();
    upstream.close();
  }

  @Test
  void expectsNoBodyAfterHeadOr204Or304AndKeepsTheConnection() throws IOException {
    String head = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n";
    String notModified = "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n";
    String noContent = "HTTP/1.1 204 No Content\r\n\r\n";
    String ok = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    upstream.answer(head, false).answer(notModified, false).answer(noContent, false)
        .answer(ok, false);

    assertEquals(head, exchange("HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n", head.length()));
    assertEquals(notModified, exchange("GET /b HTTP/1.1\r\nHost: x\r\n\r\n", notModified.length()));
    assertEquals(noContent, exchange("DELETE /c HTTP/1.1\r\nHost: x\r\n\r\n", noContent.length()));
    assertEquals(ok, exchange("GET /d HTTP/1.1\r\nHost: x\r\n\r\n", ok.length()));
    assertEquals(List.of(200, 304, 204, 200),
        proxy.exchanges().stream().map(FaultProxy.Exchange::status).toList());
  }

  @Test
  void relaysChunkedBodiesByteForByteBothWays() throws IOException {
    String requestBody = "5\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n";
    String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n";
    String next = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    upstream.answer(response, false).answer(next, false);

    String relayed = exchange("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
        + "\r\n" + requestBody, response.length());

    assertEquals(response, relayed);
    assertEquals(requestBody, new String(upstream.requestBodies().get(0), StandardCharsets.UTF_8));
    assertEquals(next, exchange("GET /next HTTP/1.1\r\nHost: x\r\n\r\n", next.length()));
  }

  @Test
  void relaysABodyThatRunsToTheEndOfTheConnection() throws IOException {
    String response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end";
    upstream.answer(response, true);

    send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");

    assertEquals(response,
        new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1));
  }

  @Test
  void cutsAResponseBodyCountingChunkFraming() throws IOException {
    String headPart = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    upstream.answer(headPart + "3\r\nabc\r\n0\r\n\r\n", false);
    proxy.when("GET", "/blob").cutResponseBodyAfter(4);

    send("GET /blob HTTP/1.1\r\nHost: x\r\n\r\n");

    assertEquals(headPart + "3\r\na", readUntilClosedOrReset());
  }

  @Test
  void answersHeadWithoutTheBodyAndKeepsTheConnection() throws IOException {
    proxy.when("HEAD", "/busy").respond(503, Map.of(), "busy");
    String ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    upstream.answer(ok, false);

    String injected = "HTTP/1.1 503 Injected fault\r\nContent-Length: 4\r\n\r\n";
    assertEquals(injected, exchange("HEAD /busy HTTP/1.1\r\nHost: x\r\n\r\n", injected.length()));
    assertEquals(ok, exchange("GET /fine HTTP/1.1\r\nHost: x\r\n\r\n", ok.length()));
  }

  @Test
  void discardsTheBodyOfARequestItAnswersItself() throws IOException {
    proxy.when("PUT", "/.*").times(1).respond(429, Map.of(), "");
    String ok = "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
    upstream.answer(ok, false);
    String put = "PUT /x HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
    String injected = "HTTP/1.1 429 Injected fault\r\nContent-Length: 0\r\n\r\n";

    assertEquals(injected, exchange(put, injected.length()));
    assertEquals(ok, exchange(put, ok.length()));
    assertEquals("abc", new String(upstream.requestBodies().get(0), StandardCharsets.UTF_8));
  }

  private String exchange(String request, int responseLength) throws IOException {
    send(request);
    byte[] response = client.getInputStream().readNBytes(responseLength);
    return new String(response, StandardCharsets.ISO_8859_1);
  }

  private void send(String request) throws IOException {
    client.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    client.getOutputStream().flush();
  }

  private String readUntilClosedOrReset() {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try {
      InputStream in = client.getInputStream();
      for (int b = in.read(); b >= 0; b = in.read()) {
        received.write(b);
      }
    } catch (IOException reset) {
      assertTrue(reset.getMessage().contains("reset"), reset.toString());
    }
    return received.toString(StandardCharsets.ISO_8859_1);
  }
}
