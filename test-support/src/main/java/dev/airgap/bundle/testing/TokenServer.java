package dev.airgap.bundle.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * An in-JVM token service for a registry configured with {@code auth.token}, following the docker
 * token spec ({@code GET realm?service&scope&offline_token}, Basic or anonymous) and its OAuth2
 * part ({@code POST realm} with {@code grant_type=password} or {@code refresh_token}).
 *
 * <p>A token carries, for each requested scope, the requested actions the caller holds (possibly
 * none, which the spec says is not an error): users hold the actions given to {@link #addUser},
 * anonymous callers the actions configured on the registry builder. Every request is recorded.
 *
 * <p>Stricter than most real services on purpose, to catch client bugs: {@code service} must be
 * the registry's, and a malformed scope is a 400.
 */
public final class TokenServer implements AutoCloseable {

  /** How a token request authenticated. */
  public enum Grant {
    /** GET without credentials. */
    ANONYMOUS,
    /** GET with Basic credentials. */
    BASIC,
    /** POST {@code grant_type=password}. */
    PASSWORD,
    /** POST {@code grant_type=refresh_token}. */
    REFRESH_TOKEN
  }

  /**
   * One request to the realm, recorded before it is answered.
   *
   * @param method GET or POST
   * @param grant how it authenticated; null when the POST named no grant this server knows
   * @param username the user claimed or authenticated (from Basic, the form or the refresh token);
   *     null when anonymous
   * @param scopes the scopes asked for, one scope per entry, as sent
   * @param offline whether a refresh token was asked for
   * @param status the HTTP status answered
   */
  public record TokenRequest(
      String method, Grant grant, String username, List<String> scopes, boolean offline,
      int status) {}

  private record User(byte[] password, Set<String> actions) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI realm;
  private final String service;
  private final TokenSigner signer;
  private final Duration lifetime;
  private final Set<String> anonymousActions;
  private final Map<String, User> users = new ConcurrentHashMap<>();
  private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile int stallBodyAfter = -1;

  private TokenServer(HttpServer server, ExecutorService executor, String scheme, String service,
      TokenSigner signer, Duration lifetime, Set<String> anonymousActions) {
    this.server = server;
    this.executor = executor;
    this.realm = URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/token");
    this.service = service;
    this.signer = signer;
    this.lifetime = lifetime;
    this.anonymousActions = Set.copyOf(anonymousActions);
  }

  /** Starts on a random loopback port; HTTPS when {@code tls} is given, else plain HTTP. */
  static TokenServer start(SSLContext tls, String service, TokenSigner signer, Duration lifetime,
      Set<String> anonymousActions) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
    HttpServer server;
    if (tls != null) {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    } else {
      server = HttpServer.create(address, 0);
    }
    ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, "token-server");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    TokenServer tokenServer = new TokenServer(server, executor, tls != null ? "https" : "http",
        service, signer, lifetime, anonymousActions);
    server.createContext("/token", tokenServer::handle);
    server.start();
    return tokenServer;
  }

  /** The URI the registry names as {@code realm} in its {@code WWW-Authenticate} challenge. */
  public URI realm() {
    return realm;
  }

  /** The {@code service} the registry names in its challenge and accepts as {@code aud}. */
  public String service() {
    return service;
  }

  /** The {@code iss} of every token, as configured on the registry. */
  public String issuer() {
    return signer.issuer();
  }

  /** What {@code expires_in} says and {@code exp} enforces (the registry adds 60 s of leeway). */
  public Duration tokenLifetime() {
    return lifetime;
  }

  /**
   * Adds or replaces a user who holds {@code actions} on every repository ({@code "*"} for all,
   * e.g. {@code "pull"} alone for a read-only robot).
   */
  public void addUser(String username, String password, String... actions) {
    users.put(username, new User(password.getBytes(StandardCharsets.UTF_8), Set.of(actions)));
  }

  /**
   * A new refresh token for an existing user, as a {@code docker login} would store in the docker
   * config as {@code identitytoken}.
   */
  public String issueRefreshToken(String username) {
    if (!users.containsKey(username)) {
      throw new IllegalArgumentException("no such user: " + username);
    }
    String token = "refresh-" + HexFormat.of().formatHex(randomBytes(24));
    refreshTokens.put(token, username);
    return token;
  }

  /** Every request so far, oldest first. */
  public List<TokenRequest> requests() {
    return List.copyOf(requests);
  }

  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      switch (exchange.getRequestMethod()) {
        case "GET" -> handleGet(exchange);
        case "POST" -> handlePost(exchange);
        default -> respond(exchange, 405, Map.of("error", "invalid_request"));
      }
    }
  }

  /** The token spec's GET: Basic credentials or anonymous; a refresh token if offline_token. */
  private void handleGet(HttpExchange exchange) throws IOException {
    Map<String, List<String>> query = parseForm(exchange.getRequestURI().getRawQuery());
    List<String> scopes = new ArrayList<>();
    // Each scope parameter may itself be a space-separated list; accept both forms.
    for (String scope : query.getOrDefault("scope", List.of())) {
      scopes.addAll(splitScopeList(scope));
    }
    boolean offline = "true".equalsIgnoreCase(first(query, "offline_token"));
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    Grant grant = authorization == null ? Grant.ANONYMOUS : Grant.BASIC;
    String username = null;
    if (authorization != null) {
      String[] credentials = parseBasic(authorization);
      username = credentials == null ? null : credentials[0];
      if (credentials == null || !authenticate(credentials[0], credentials[1])) {
        record("GET", grant, username, scopes, offline, 401);
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"bundle-test-token\"");
        respond(exchange, 401, Map.of("error", "invalid_grant"));
        return;
      }
    }
    List<Scope> requested = parseScopes(scopes);
    if (!service.equals(first(query, "service")) || requested == null) {
      record("GET", grant, username, scopes, offline, 400);
      respond(exchange, 400, Map.of("error", "invalid_request"));
      return;
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String token = signer.sign(username == null ? "" : username,
        granted(username, requested), now, lifetime);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", token);
    body.put("access_token", token);
    body.put("expires_in", lifetime.toSeconds());
    body.put("issued_at", now.toString());
    if (offline && username != null) {
      body.put("refresh_token", issueRefreshToken(username));
    }
    record("GET", grant, username, scopes, offline, 200);
    respond(exchange, 200, body);
  }

  /** The OAuth2 POST: password or refresh_token grant, form-encoded. */
  private void handlePost(HttpExchange exchange) throws IOException {
    Map<String, List<String>> form = parseForm(
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
    String grantType = first(form, "grant_type");
    Grant grant = "password".equals(grantType) ? Grant.PASSWORD
        : "refresh_token".equals(grantType) ? Grant.REFRESH_TOKEN : null;
    List<String> scopes = splitScopeList(first(form, "scope"));
    boolean offline = "offline".equals(first(form, "access_type"));
    String username = grant == Grant.PASSWORD ? first(form, "username")
        : grant == Grant.REFRESH_TOKEN ? refreshTokens.get(nullToEmpty(first(form, "refresh_token")))
        : null;
    List<Scope> requested = parseScopes(scopes);
    if (grant == null || requested == null || first(form, "client_id") == null
        || !service.equals(first(form, "service"))) {
      record("POST", grant, username, scopes, offline, 400);
      respond(exchange, 400, Map.of("error", grant == null ? "unsupported_grant_type"
          : "invalid_request"));
      return;
    }
    boolean authenticated = grant == Grant.PASSWORD
        ? authenticate(username, first(form, "password"))
        : username != null;
    if (!authenticated) {
      record("POST", grant, username, scopes, offline, 401);
      respond(exchange, 401, Map.of("error", "invalid_grant"));
      return;
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    List<Scope> granted = granted(username, requested);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", signer.sign(username, granted, now, lifetime));
    body.put("scope", String.join(" ", granted.stream()
        .filter(scope -> !scope.actions().isEmpty()).map(Scope::toString).toList()));
    body.put("expires_in", lifetime.toSeconds());
    body.put("issued_at", now.toString());
    // The spec: a password grant returns a new refresh token only when asked for offline access,
    // a refresh_token grant returns the one it was given.
    if (grant == Grant.REFRESH_TOKEN) {
      body.put("refresh_token", first(form, "refresh_token"));
    } else if (offline) {
      body.put("refresh_token", issueRefreshToken(username));
    }
    record("POST", grant, username, scopes, offline, 200);
    respond(exchange, 200, body);
  }

  private boolean authenticate(String username, String password) {
    User user = username == null ? null : users.get(username);
    return user != null && password != null
        && MessageDigest.isEqual(user.password(), password.getBytes(StandardCharsets.UTF_8));
  }

  private List<Scope> granted(String username, List<Scope> requested) {
    Set<String> held = username == null ? anonymousActions : users.get(username).actions();
    return requested.stream().map(scope -> scope.grantedTo(held)).toList();
  }

  private void record(String method, Grant grant, String username, List<String> scopes,
      boolean offline, int status) {
    requests.add(new TokenRequest(method, grant, username, List.copyOf(scopes), offline, status));
  }

  /** Parsed scopes, or null if one is malformed. */
  private static List<Scope> parseScopes(List<String> scopes) {
    try {
      return scopes.stream().map(Scope::parse).toList();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static List<String> splitScopeList(String scopeList) {
    return scopeList == null || scopeList.isBlank() ? List.of()
        : List.of(scopeList.trim().split(" +"));
  }

  /** {@code [username, password]} from a Basic header, or null if it is not one. */
  private static String[] parseBasic(String authorization) {
    if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
          StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null
          : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Map<String, List<String>> parseForm(String encoded) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals),
          StandardCharsets.UTF_8);
      String value = equals < 0 ? ""
          : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
    return values;
  }

  private static String first(Map<String, List<String>> values, String name) {
    List<String> list = values.get(name);
    return list == null || list.isEmpty() ? null : list.get(0);
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private void respond(HttpExchange exchange, int status, Map<String, ?> body)
      throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    int stallAfter = stallBodyAfter;
    try (OutputStream out = exchange.getResponseBody()) {
      if (stallAfter >= 0 && stallAfter < bytes.length) {
        out.write(bytes, 0, stallAfter);
        out.flush();
        stallUntilClosed();
        out.write(bytes, stallAfter, bytes.length - stallAfter);
      } else {
        out.write(bytes);
      }
    }
  }

  /**
   * From now on every answer sends its headers and the first {@code bytes} bytes of its body,
   * then goes silent until this server is closed ({@code -1} turns it off): a token service that
   * stalls mid-answer.
   */
  public void stallBodyAfter(int bytes) {
    stallBodyAfter = bytes;
  }

  private void stallUntilClosed() {
    try {
      closed.await(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
