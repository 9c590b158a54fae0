package dev.airgap.bundle.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A fault-injecting HTTP/1.1 reverse proxy on 127.0.0.1 in front of an upstream (plain HTTP, or
 * TLS on either side when started with contexts), for
 * showing how a client copes with what real networks and registries do: 429s, 503s, connections
 * reset mid-body, wrong or missing headers.
 *
 * <p>Requests are relayed byte for byte, the {@code Host} header included, so a registry behind
 * it writes {@code Location} headers that point back at the proxy. Client connections are kept
 * alive; each request opens its own upstream connection, so a restarted upstream needs no
 * reconnect logic.
 *
 * <p>Rules are tried in the order added: the first whose method and path match and whose count
 * is not used up applies; requests no rule applies to pass through untouched. Every request is
 * recorded.
 */
public final class FaultProxy implements AutoCloseable {

  /**
   * One request as the proxy saw it.
   *
   * @param method the request method
   * @param target path and query as sent
   * @param headers request headers, by case-insensitive name
   * @param status the status answered, or -1 when no response reached the client (request cut,
   *     upstream unreachable or silent)
   * @param rule the rule that applied, as {@link Rule#toString()}, or null
   */
  public record Exchange(String method, String target, Map<String, List<String>> headers,
      int status, String rule) {

    public Optional<String> header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
  }

  private sealed interface Fault permits Respond, CutRequest, CutResponse, StallRequest, StallResponse, SetHeader,
      DropHeader, Delay {}

  private record Respond(int status, Map<String, String> headers, byte[] body) implements Fault {}

  private record CutRequest(long bytes) implements Fault {}

  private record CutResponse(long bytes) implements Fault {}

  private record StallRequest(long bytes) implements Fault {}

  private record StallResponse(long bytes) implements Fault {}

  private record SetHeader(String name, String value) implements Fault {}

  private record DropHeader(String name) implements Fault {}

  private record Delay(long millis) implements Fault {}

  /** An installed rule; {@link #hits()} tells how often it applied. */
  public static final class Rule {
    private final String method;
    private final Pattern path;
    private final Fault fault;
    private final String description;
    private final AtomicInteger hits = new AtomicInteger();
    private int remaining; // guarded by the proxy's rules list; negative means unlimited

    private Rule(String method, Pattern path, int times, Fault fault, String description) {
      this.method = method;
      this.path = path;
      this.remaining = times;
      this.fault = fault;
      this.description = description;
    }

    public int hits() {
      return hits.get();
    }

    @Override
    public String toString() {
      return method + " " + path.pattern() + " -> " + description;
    }
  }

  /** Builds one rule: optionally how often it applies, then the fault it injects. */
  public final class RuleBuilder {
    private final String method;
    private final Pattern path;
    private int times = -1;

    private RuleBuilder(String method, Pattern path) {
      this.method = method;
      this.path = path;
    }

    /** Applies the rule to the next {@code count} matching requests only; default unlimited. */
    public RuleBuilder times(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("count must be positive: " + count);
      }
      times = count;
      return this;
    }

    /**
     * Answers without contacting the upstream. Content-Length is computed from the body; the
     * reason phrase says "Injected fault" so that a human reading a client error knows its origin.
     */
    public Rule respond(int status, Map<String, String> headers, String body) {
      return add(new Respond(status, Map.copyOf(headers), body.getBytes(StandardCharsets.UTF_8)),
          "respond " + status + " " + headers);
    }

    /**
     * Relays the response but resets the client connection after {@code bytes} bytes of its body
     * (counted as framed on the wire), if the body is longer than that.
     */
    public Rule cutResponseBodyAfter(long bytes) {
      return add(new CutResponse(bytes), "cut response body after " + bytes + " bytes");
    }

    /**
     * Relays {@code bytes} bytes of the request body (counted as framed on the wire) to the
     * upstream, then resets the client connection and drops the upstream one, as a network
     * failure mid-upload would.
     */
    public Rule cutRequestBodyAfter(long bytes) {
      return add(new CutRequest(bytes), "cut request body after " + bytes + " bytes");
    }

    /**
     * Relays the response, but after {@code bytes} bytes of its body (counted as framed on the
     * wire) sends nothing more while keeping the connection open, as a hung server or a dead
     * middlebox does: only the client's own timeout ends the exchange.
     */
    public Rule stallResponseBodyAfter(long bytes) {
      return add(new StallResponse(bytes), "stall response body after " + bytes + " bytes");
    }

    /**
     * Relays {@code bytes} bytes of the request body to the upstream, then stops reading from the
     * client and never answers, keeping the connection open: a server that stalls mid-upload.
     */
    public Rule stallRequestBodyAfter(long bytes) {
      return add(new StallRequest(bytes), "stall request body after " + bytes + " bytes");
    }

    /** Relays, but with response header {@code name} replaced by (or added as) {@code value}. */
    public Rule setResponseHeader(String name, String value) {
      return add(new SetHeader(name, value), "set response header " + name + ": " + value);
    }

    /**
     * Relays, but only after holding the request for {@code millis} ms: a slow link, so that
     * something (a kill, a second client) can land while a transfer is under way.
     */
    public Rule delay(long millis) {
      return add(new Delay(millis), "delay " + millis + " ms");
    }

    /** Relays, but without response header {@code name}. */
    public Rule dropResponseHeader(String name) {
      return add(new DropHeader(name), "drop response header " + name);
    }

    private Rule add(Fault fault, String description) {
      Rule rule = new Rule(method, path, times, fault,
          times < 0 ? description : description + " (" + times + "x)");
      synchronized (rules) {
        rules.add(rule);
      }
      return rule;
    }
  }

  private final ServerSocket server;
  private final String upstreamHost;
  private final int upstreamPort;
  private final SSLContext upstreamTls;
  private final ExecutorService threads;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final List<Rule> rules = new ArrayList<>();
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

  private FaultProxy(ServerSocket server, String upstreamHost, int upstreamPort,
      SSLContext upstreamTls) {
    this.server = server;
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
    this.upstreamTls = upstreamTls;
    AtomicInteger count = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "fault-proxy-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    threads.execute(this::acceptLoop);
  }

  /** Starts a proxy on a random loopback port in front of {@code upstream} ("host:port"). */
  public static FaultProxy start(String upstream) throws IOException {
    return start(upstream, null, null);
  }

  /**
   * Starts a proxy that speaks TLS where a context is given: {@code serving} presents its
   * certificate to clients (e.g. {@link RegistryExtension#serverSslContext()}), {@code
   * upstreamTrust} verifies the upstream's (e.g. {@link RegistryExtension#sslContext()}). Either may
   * be null for plain HTTP on that side, so a plain-HTTP proxy can front a TLS registry and a TLS
   * proxy can stand for another origin in front of the same registry.
   */
  public static FaultProxy start(String upstream, SSLContext serving, SSLContext upstreamTrust)
      throws IOException {
    int colon = upstream.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("upstream must be host:port, not " + upstream);
    }
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    ServerSocket server = serving == null
        ? new ServerSocket(0, 50, loopback)
        : serving.getServerSocketFactory().createServerSocket(0, 50, loopback);
    return new FaultProxy(server, upstream.substring(0, colon),
        Integer.parseInt(upstream.substring(colon + 1)), upstreamTrust);
  }

  /** {@code 127.0.0.1:PORT}. */
  public String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** {@code http://127.0.0.1:PORT/}, or https when the proxy serves TLS. */
  public URI baseUri() {
    String scheme = server instanceof SSLServerSocket ? "https" : "http";
    return URI.create(scheme + "://" + host() + "/");
  }

  /**
   * Starts a rule for requests whose method is {@code method} ("*" for any) and whose path,
   * without the query, matches {@code pathRegex} in full.
   */
  public RuleBuilder when(String method, String pathRegex) {
    return new RuleBuilder(method, Pattern.compile(pathRegex));
  }

  /** Every request so far, in the order their outcome was known. */
  public List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** Removes all rules and forgets all recorded requests. */
  public void clear() {
    synchronized (rules) {
      rules.clear();
    }
    exchanges.clear();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    threads.shutdownNow();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        threads.execute(() -> serve(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = new BufferedOutputStream(client.getOutputStream());
      for (HttpHead request = HttpHead.read(in); request != null; request = HttpHead.read(in)) {
        if (!exchange(request, client, in, out)) {
          return;
        }
      }
    } catch (IOException gone) {
      // The client or the upstream went away mid-exchange: the same as on a real network.
    } finally {
      sockets.remove(client);
    }
  }

  /** Handles one request; returns whether the client connection can carry another. */
  private boolean exchange(HttpHead request, Socket client, InputStream clientIn,
      OutputStream clientOut) throws IOException {
    String[] line = request.startLineParts();
    String method = line[0];
    String target = line[1];
    boolean keepAlive = request.keepAlive(line[2]);
    boolean expectContinue = "100-continue".equalsIgnoreCase(request.first("Expect"));
    HttpBody requestBody = HttpBody.ofRequest(request);
    Rule rule = take(method, target);
    Fault fault = rule == null ? null : rule.fault;

    if (fault instanceof Respond respond) {
      if (expectContinue) {
        keepAlive = false; // the body was never sent, so the stream is not at a message boundary
      } else {
        requestBody.copy(clientIn, OutputStream.nullOutputStream());
      }
      record(method, target, request, respond.status(), rule);
      writeResponse(clientOut, method, respond, keepAlive);
      return keepAlive;
    }
    if (fault instanceof Delay delay) {
      try {
        Thread.sleep(delay.millis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    HttpHead forwarded = request;
    if (expectContinue) {
      // The proxy invites the body itself and drops Expect, so the upstream sees a plain request.
      clientOut.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      clientOut.flush();
      forwarded = request.without("Expect");
    }

    Socket upstream = new Socket();
    sockets.add(upstream);
    try (upstream) {
      try {
        upstream.connect(new InetSocketAddress(upstreamHost, upstreamPort), 5_000);
      } catch (IOException unreachable) {
        // A reset is what the client would have seen talking to the dead upstream directly.
        record(method, target, request, -1, rule);
        reset(client);
        return false;
      }
      Socket channel = upstreamTls == null ? upstream : overTls(upstream);
      OutputStream upstreamOut = new BufferedOutputStream(channel.getOutputStream());
      InputStream upstreamIn = new BufferedInputStream(channel.getInputStream());
      forwarded.writeTo(upstreamOut);
      try {
        requestBody.copy(clientIn, fault instanceof CutRequest cut
            ? new CuttingOutputStream(upstreamOut, cut.bytes())
            : fault instanceof StallRequest stall ? new CuttingOutputStream(upstreamOut, stall.bytes()) : upstreamOut);
      } catch (CuttingOutputStream.Cut cut) {
        record(method, target, request, -1, rule);
        if (fault instanceof StallRequest) {
          stallUntilClosed();
          return false;
        }
        reset(client);
        return false; // closing the upstream leaves it with a truncated body
      }
      upstreamOut.flush();

      HttpHead response = HttpHead.read(upstreamIn);
      while (response != null && response.status() / 100 == 1 && response.status() != 101) {
        response.writeTo(clientOut); // interim answers such as 103 pass through
        clientOut.flush();
        response = HttpHead.read(upstreamIn);
      }
      if (response == null) {
        record(method, target, request, -1, rule);
        reset(client);
        return false;
      }
      int status = response.status();
      HttpBody responseBody = HttpBody.ofResponse(method, status, response);
      if (fault instanceof SetHeader set) {
        response = response.with(set.name(), set.value());
      } else if (fault instanceof DropHeader drop) {
        response = response.without(drop.name());
      }
      // Recorded before answering, so a test that just got its answer finds the record.
      record(method, target, request, status, rule);
      response.writeTo(clientOut);
      try {
        responseBody.copy(upstreamIn, fault instanceof CutResponse cut
            ? new CuttingOutputStream(clientOut, cut.bytes())
            : fault instanceof StallResponse stall ? new CuttingOutputStream(clientOut, stall.bytes()) : clientOut);
      } catch (CuttingOutputStream.Cut cut) {
        if (fault instanceof StallResponse) {
          stallUntilClosed();
          return false;
        }
        reset(client);
        return false;
      }
      clientOut.flush();
      return keepAlive && response.keepAlive(response.startLineParts()[0])
          && !responseBody.untilClose();
    } finally {
      sockets.remove(upstream);
    }
  }

  /** TLS over an upstream connection; closing the result closes the connection. */
  private Socket overTls(Socket upstream) throws IOException {
    SSLSocket tls = (SSLSocket) upstreamTls.getSocketFactory()
        .createSocket(upstream, upstreamHost, upstreamPort, true);
    tls.startHandshake();
    return tls;
  }

  private Rule take(String method, String target) {
    int query = target.indexOf('?');
    String path = query < 0 ? target : target.substring(0, query);
    synchronized (rules) {
      for (Rule rule : rules) {
        if (rule.remaining != 0 && (rule.method.equals("*") || rule.method.equals(method))
            && rule.path.matcher(path).matches()) {
          if (rule.remaining > 0) {
            rule.remaining--;
          }
          rule.hits.incrementAndGet();
          return rule;
        }
      }
    }
    return null;
  }

  private void record(String method, String target, HttpHead request, int status, Rule rule) {
    exchanges.add(new Exchange(method, target, request.fieldMap(), status,
        rule == null ? null : rule.toString()));
  }

  private static void writeResponse(OutputStream out, String method, Respond respond,
      boolean keepAlive) throws IOException {
    boolean bodiless = respond.status() == 204 || respond.status() == 304;
    List<Map.Entry<String, String>> fields = new ArrayList<>(respond.headers().entrySet());
    if (!bodiless) {
      fields.add(Map.entry("Content-Length", String.valueOf(respond.body().length)));
    }
    if (!keepAlive) {
      fields.add(Map.entry("Connection", "close"));
    }
    HttpHead.response(respond.status(), "Injected fault", fields).writeTo(out);
    if (!bodiless && !"HEAD".equals(method)) {
      out.write(respond.body());
    }
    out.flush();
  }

  /** Holds a connection open and silent until the proxy closes. */
  private void stallUntilClosed() {
    try {
      while (!server.isClosed()) {
        Thread.sleep(100);
      }
    } catch (InterruptedException closing) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes with an RST rather than a FIN, as a crashed peer or a middlebox would. */
  private static void reset(Socket socket) throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }
}
