package dev.airgap.bundle.testing;

import dev.airgap.bundle.testing.RegistrySetup.Auth;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A real CNCF distribution registry ({@code docker-registry serve}) on 127.0.0.1, a random port
 * and temporary filesystem storage with deletes enabled, for tests that need the genuine protocol
 * rather than a mock of what we believe it is.
 *
 * <p>As a {@code @RegisterExtension static} field it starts once for the class (and is restarted
 * before a test if an earlier test killed it); as an instance field it starts afresh for each
 * test. Content persists across the tests of a class, so tests should use their own repository
 * names. When a test fails, the tail of the registry log is attached to the failure.
 *
 * <p>{@link #kill()} and {@link #start()} restart it on the same port and storage, for tests of
 * an import interrupted by a registry crash.
 */
public final class RegistryExtension implements BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {

  private enum Owner { CLASS, TEST }

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final int LOG_TAIL_LINES = 40;

  private final boolean tls;
  private final Auth auth;
  private final Duration tokenLifetime;
  private final Set<String> anonymousTokenActions;
  private final RegistryLauncher launcher;

  private Owner owner;
  private RegistrySetup setup;
  private int port;
  private HttpClient pingClient;
  private Thread shutdownHook;
  private volatile RegistryProcess process;

  private RegistryExtension(Builder builder) {
    this.auth = builder.auth;
    this.tls = builder.tls != null ? builder.tls : auth != Auth.NONE;
    this.tokenLifetime = builder.tokenLifetime;
    this.anonymousTokenActions = builder.anonymousTokenActions;
    this.launcher = RegistryLauncher.detect();
  }

  /** Plain HTTP, no authentication. */
  public static RegistryExtension anonymous() {
    return builder().build();
  }

  /** HTTPS with a per-run self-signed certificate, no authentication. */
  public static RegistryExtension tls() {
    return builder().tls().build();
  }

  /** HTTPS with Basic authentication of a random user (bcrypt htpasswd). */
  public static RegistryExtension htpasswd() {
    return builder().htpasswd().build();
  }

  /** HTTPS with bearer tokens issued by an in-JVM {@link TokenServer}. */
  public static RegistryExtension token() {
    return builder().token().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures a registry; authenticated registries use TLS unless {@link #plainHttp()}. */
  public static final class Builder {
    private Boolean tls;
    private Auth auth = Auth.NONE;
    private Duration tokenLifetime = Duration.ofMinutes(5);
    private Set<String> anonymousTokenActions = Set.of("pull");

    private Builder() {}

    public Builder tls() {
      tls = true;
      return this;
    }

    /** Plain HTTP even with authentication, e.g. to show a client withholds credentials. */
    public Builder plainHttp() {
      tls = false;
      return this;
    }

    public Builder htpasswd() {
      auth = Auth.HTPASSWD;
      return this;
    }

    public Builder token() {
      auth = Auth.TOKEN;
      return this;
    }

    /**
     * Token lifetime ({@code expires_in} and {@code exp}); default 5 minutes. Distribution
     * accepts a token for 60 s past its {@code exp}, so a shorter lifetime changes what a client
     * is told, not what the registry enforces.
     */
    public Builder tokenLifetime(Duration lifetime) {
      tokenLifetime = lifetime;
      return this;
    }

    /** Actions an anonymous token request is granted; default pull; none for private repos. */
    public Builder anonymousTokenActions(String... actions) {
      anonymousTokenActions = Set.of(actions);
      return this;
    }

    public RegistryExtension build() {
      return new RegistryExtension(this);
    }
  }

  /** {@code 127.0.0.1:PORT}, as written in an image reference. */
  public String host() {
    requireStarted();
    return "127.0.0.1:" + port;
  }

  /** {@code http(s)://127.0.0.1:PORT/}. */
  public URI baseUri() {
    return URI.create((tls ? "https" : "http") + "://" + host() + "/");
  }

  public boolean isTls() {
    return tls;
  }

  /**
   * The PEM certificate to trust, valid for IP 127.0.0.1 and DNS localhost. It is alone in its
   * directory as {@code ca.crt}, so that directory serves as a docker/skopeo {@code --cert-dir}.
   */
  public Path caCertificate() {
    requireTls();
    return setup.config().tlsCertificate();
  }

  /** A client context trusting {@link #caCertificate()}, which the token server presents too. */
  public SSLContext sslContext() {
    requireTls();
    return setup.sslContext();
  }

  public String username() {
    requireAuth();
    return setup.username();
  }

  public String password() {
    requireAuth();
    return setup.password();
  }

  /**
   * Adds a user to an htpasswd registry (or gives an existing one a new password), e.g. a robot
   * account whose token a test has just been handed. The registry binary reads its htpasswd file
   * again when it changes; a containerised one, which holds a copy, is restarted to see it. For a
   * token registry use {@code tokenServer().addUser}, which also says what the user may do.
   */
  public void addUser(String user, String secret) throws IOException {
    requireStarted();
    if (auth != Auth.HTPASSWD) {
      throw new IllegalStateException("only an htpasswd registry takes users here; a token registry's "
          + "users are added with tokenServer().addUser");
    }
    setup.addUser(user, secret);
    if (process instanceof ContainerRegistryProcess && isRunning()) {
      kill();
      launch();
    }
  }

  /**
   * A server context presenting this registry's certificate, so that a fake served next to the
   * registry (a product's admin API) is trusted with the same {@link #caCertificate()}.
   */
  public SSLContext serverSslContext() throws IOException {
    requireTls();
    return setup.serverSslContext();
  }

  public TokenServer tokenServer() {
    requireStarted();
    if (auth != Auth.TOKEN) {
      throw new IllegalStateException("this registry does not use token auth");
    }
    return setup.tokenServer();
  }

  public Path storageDir() {
    requireStarted();
    return setup.config().storage();
  }

  public Path logFile() {
    requireStarted();
    return setup.logFile();
  }

  public boolean isRunning() {
    RegistryProcess current = process;
    return current != null && current.isAlive();
  }

  /**
   * Starts the registry and returns once {@code GET /v2/} answers. The first start picks the
   * port and makes the files; a later start (after {@link #kill()}) reuses both.
   */
  public void start() throws IOException {
    if (isRunning()) {
      throw new IllegalStateException("registry already running on " + host());
    }
    if (setup == null) {
      setup = RegistrySetup.create(tls, auth, tokenLifetime, anonymousTokenActions);
      HttpClient.Builder client = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(1));
      pingClient = (tls ? client.sslContext(setup.sslContext()) : client).build();
      shutdownHook = new Thread(this::kill, "registry-shutdown");
      // A JVM ended by a surefire timeout must not leave registries running.
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      startOnFreshPort();
    } else {
      launch();
    }
  }

  /** Kills the registry process abruptly (SIGKILL); storage and port are kept for a restart. */
  public void kill() {
    RegistryProcess current = process;
    if (current != null) {
      current.kill();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    owner = Owner.CLASS;
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    if (owner == null) {
      owner = Owner.TEST;
      start();
    } else if (!isRunning()) {
      // A test that killed the shared registry must not break the tests after it.
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (owner == Owner.TEST) {
      shutdown();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (owner == Owner.CLASS) {
      shutdown();
    }
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure)
      throws Throwable {
    if (setup != null) {
      failure.addSuppressed(new RegistryLog(describe()));
    }
    throw failure;
  }

  /** Carries the registry log tail in a test failure's report. */
  private static final class RegistryLog extends Exception {
    RegistryLog(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Another process can take a just-freed port before the registry binds it, so the first start
   * retries on a new port when that is why the registry exited.
   */
  private void startOnFreshPort() throws IOException {
    for (int attempt = 1; ; attempt++) {
      port = freePort();
      Path log = setup.logFile();
      long logSize = Files.exists(log) ? Files.size(log) : 0;
      try {
        launch();
        return;
      } catch (IllegalStateException e) {
        String newLog = Files.exists(log)
            ? Files.readString(log, StandardCharsets.UTF_8).substring((int) logSize) : "";
        if (attempt == 3 || !newLog.contains("address already in use")) {
          throw e;
        }
      }
    }
  }

  private void launch() throws IOException {
    process = launcher.launch(setup.config(), setup.directory(), port, setup.logFile());
    awaitReady();
  }

  private void awaitReady() throws IOException {
    HttpRequest ping = HttpRequest.newBuilder(baseUri().resolve("/v2/"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    try {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("registry exited during startup; " + describe());
        }
        try {
          pingClient.send(ping, HttpResponse.BodyHandlers.discarding());
          return; // any answer, 200 or 401, means it serves the API
        } catch (IOException notYet) {
          if (System.nanoTime() > deadline) {
            kill();
            throw new IllegalStateException("registry did not answer GET /v2/ within "
                + STARTUP_TIMEOUT.toSeconds() + " s; " + describe(), notYet);
          }
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the registry", e);
    }
  }

  private void shutdown() {
    kill();
    process = null;
    if (shutdownHook != null) {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
      shutdownHook = null;
    }
    if (setup != null) {
      setup.close();
      setup = null;
    }
    owner = null;
  }

  /** Where the registry is and the tail of its log, for failure messages. */
  private String describe() {
    Path log = setup.logFile();
    String where = "registry " + host() + ", storage " + storageDir() + ", log " + log;
    try {
      List<String> lines = Files.exists(log)
          ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
      if (lines.isEmpty()) {
        return where + " (log empty)";
      }
      List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return where + ", last " + tail.size() + " log lines:\n" + String.join("\n", tail);
    } catch (IOException e) {
      return where + " (log unreadable: " + e + ")";
    }
  }

  private void requireStarted() {
    if (setup == null) {
      throw new IllegalStateException("registry not started");
    }
  }

  private void requireTls() {
    requireStarted();
    if (!tls) {
      throw new IllegalStateException("this registry serves plain HTTP");
    }
  }

  private void requireAuth() {
    requireStarted();
    if (auth == Auth.NONE) {
      throw new IllegalStateException("this registry has no users");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }
}
