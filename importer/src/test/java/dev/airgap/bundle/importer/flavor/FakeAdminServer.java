package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * What the product fakes share: a loopback server on a random port that records every request,
 * answers 401 to a wrong {@code Authorization} header, and can be told to misbehave. Subclasses
 * implement exactly the requests and answers of registry-apis.md; anything else is a 404.
 */
abstract class FakeAdminServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the fake saw it. */
  record Request(String method, String uri, String authorization, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  /** What to send back; a null body means none. */
  record Answer(int status, String body, String location) {
    static Answer of(int status, String body) {
      return new Answer(status, body, null);
    }

    static Answer empty(int status) {
      return new Answer(status, null, null);
    }
  }

  /** Names (repositories, projects, keys) that exist on the fake. */
  protected final Set<String> existing = ConcurrentHashMap.newKeySet();
  private final List<Request> requests = new ArrayList<>();
  private final HttpServer server;
  private volatile String expectedAuthorization;
  private volatile int refuseCreatesWith;
  private volatile boolean echoAuthorization;
  private volatile String echoPadding = "";
  private final AtomicInteger hiddenLookups = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile int failureStatus;
  private volatile Map<String, String> failureHeaders = Map.of();
  private volatile int stallBodyAfter = -1;
  private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

  /** {@code tls}: serve HTTPS with this context, or null for plain HTTP. */
  FakeAdminServer(String expectedAuthorization, SSLContext tls) {
    this.expectedAuthorization = expectedAuthorization;
    try {
      InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
      if (tls == null) {
        server = HttpServer.create(loopback, 0);
      } else {
        HttpsServer https = HttpsServer.create(loopback, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        server = https;
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", this::exchange);
    server.start();
  }

  /** Answers a request whose credentials were right. */
  protected abstract Answer answer(Request request);

  /** The product's body for a 401. */
  protected abstract String unauthorizedBody();

  /** "127.0.0.1:PORT", as a target url's host. */
  String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  URI baseUrl() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://" + hostAndPort());
  }

  void add(String name) {
    existing.add(name);
  }

  boolean has(String name) {
    return existing.contains(name);
  }

  void expectAuthorization(String header) {
    expectedAuthorization = header;
  }

  /** Creates answer this status (402 quota, 403 permission) until told 0. */
  void refuseCreates(int status) {
    refuseCreatesWith = status;
  }

  int refuseCreatesWith() {
    return refuseCreatesWith;
  }

  /** Error bodies quote the Authorization header back, as careless error pages do. */
  void echoAuthorization() {
    echoAuthorization = true;
  }

  /** Echoes as {@link #echoAuthorization()} does, after {@code padding}: a long error message. */
  void echoAuthorizationAfter(String padding) {
    echoPadding = padding;
    echoAuthorization = true;
  }

  /**
   * The next existence check says "missing" even for an existing name: another client created it
   * between our lookup and our create.
   */
  void hideNextLookup() {
    hiddenLookups.incrementAndGet();
  }

  protected boolean lookupHidden() {
    return hiddenLookups.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  /** The next {@code times} requests answer {@code status} (e.g. 503) with these headers. */
  void failNext(int times, int status, Map<String, String> headers) {
    failureStatus = status;
    failureHeaders = Map.copyOf(headers);
    failures.set(times);
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  List<Request> requests(String method) {
    return requests().stream().filter(r -> r.method().equals(method)).toList();
  }

  /** An error body quoting what the client sent, when told to be careless. */
  protected String echo(Request request) {
    return echoAuthorization ? echoPadding + " (you sent: " + request.authorization() + ")" : "";
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          exchange.getRequestHeaders().getFirst("Authorization"), body);
      synchronized (requests) {
        requests.add(request);
      }
      Answer answer;
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        failureHeaders.forEach(exchange.getResponseHeaders()::set);
        answer = Answer.of(failureStatus, "try later");
      } else if (!expectedAuthorization.equals(request.authorization())) {
        answer = Answer.of(401, unauthorizedBody());
      } else {
        answer = answer(request);
      }
      send(exchange, answer);
    }
  }

  /**
   * Every answer from now on sends its headers and the first {@code bytes} bytes of its body, then
   * goes silent until the fake is closed: an admin API that stalls mid-answer.
   */
  void stallBodyAfter(int bytes) {
    stallBodyAfter = bytes;
  }

  private void send(HttpExchange exchange, Answer answer) throws IOException {
    if (answer.location() != null) {
      exchange.getResponseHeaders().set("Location", answer.location());
    }
    if (answer.body() == null || exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(answer.status(), -1);
      return;
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), bytes.length);
    int stallAfter = stallBodyAfter;
    try (OutputStream out = exchange.getResponseBody()) {
      if (stallAfter >= 0 && stallAfter < bytes.length) {
        out.write(bytes, 0, stallAfter);
        out.flush();
        try {
          closed.await(2, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        out.write(bytes, stallAfter, bytes.length - stallAfter);
      } else {
        out.write(bytes);
      }
    }
  }

  /** Whether {@code json} is an object with exactly these keys. */
  static boolean hasExactly(JsonNode json, String... keys) {
    if (json == null || !json.isObject() || json.size() != keys.length) {
      return false;
    }
    for (String key : keys) {
      if (!json.has(key)) {
        return false;
      }
    }
    return true;
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
  }
}
