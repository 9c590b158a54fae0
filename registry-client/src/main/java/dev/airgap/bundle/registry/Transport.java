package dev.airgap.bundle.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Sends {@link Call}s: authentication, bounded retries with backoff, and redirects.
 *
 * <p>Credentials are bound to the configured registry's origin (scheme, host, port): each outgoing
 * request carries {@code Authorization} only when its own URL has that origin, and only a 401 from
 * that origin is answered. Upload Locations, pagination Links and redirects that lead elsewhere are
 * followed without credentials; one that leaves TLS for plain HTTP is refused.
 */
final class Transport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  /** A registry's error message is quoted up to this length. */
  private static final int MAX_QUOTED_CHARS = 300;

  private final RegistrySettings settings;
  private final HttpClient http;
  private final RetryPolicy retry;
  private final RegistryListener listener;
  private final Authenticator auth;
  private final Origin origin;
  private final Duration timeout;
  private final ConnectionFailures failures;

  Transport(
      RegistrySettings settings,
      CredentialSource credentials,
      RetryPolicy retry,
      RegistryListener listener) {
    this(settings, credentials, retry, listener, HttpClients.DEFAULT_TIMEOUT, SettingNames.registry(settings.host()));
  }

  /**
   * @param timeout how long a connection may take to open, and how long the server may stay
   *     silent (or stop taking an upload) before the exchange counts as failed
   * @param names how the user changes {@code settings}, for errors that a setting fixes
   */
  Transport(
      RegistrySettings settings,
      CredentialSource credentials,
      RetryPolicy retry,
      RegistryListener listener,
      Duration timeout,
      SettingNames names) {
    this.settings = settings;
    this.retry = retry;
    this.listener = listener;
    this.timeout = timeout;
    this.failures = new ConnectionFailures(settings, names, timeout);
    this.http = HttpClients.builder(settings, timeout).build();
    this.auth = new Authenticator(settings, credentials, http, retry, failures, timeout);
    this.origin = Origin.of(base());
  }

  URI base() {
    return URI.create(settings.scheme() + "://" + settings.host());
  }

  RegistrySettings settings() {
    return settings;
  }

  RegistryListener listener() {
    return listener;
  }

  RetryPolicy retry() {
    return retry;
  }

  ConnectionFailures failures() {
    return failures;
  }

  /**
   * Sends a call and returns the final answer, whatever its status, after re-authenticating on
   * 401, retrying faults and following redirects. Callers check the status (see {@link #fail}).
   */
  Response send(Call call) {
    boolean reauthenticated = false;
    for (int attempt = 1; ; attempt++) {
      Response response;
      String sentAuth;
      try {
        sentAuth = auth.authorization(call.scopes(), call).orElse(null);
        response = sendFollowingRedirects(call, sentAuth);
      } catch (IOException e) {
        // A TLS/plain-HTTP mismatch or an untrusted certificate answers the same every time.
        if (call.idempotent() && attempt < retry.maxAttempts() && !ConnectionFailures.isSettingsMismatch(e)) {
          backoff(call, attempt, null, failures.describe(e, call.uri()));
          continue;
        }
        throw failures.failure(call.operation() + " " + call.target(), e, call.uri());
      }
      int status = response.status();
      // A 401 from elsewhere (a redirect target) says nothing about our registry's realm.
      if (status == 401 && !reauthenticated && origin.matches(response.uri())) {
        if (auth.onUnauthorized(response, call.scopes(), call, sentAuth)) {
          response.close();
          reauthenticated = true;
          attempt--; // answering a challenge is not a fault
          continue;
        }
      }
      if (RetryPolicy.isRetryableStatus(status)
          && call.idempotent()
          && attempt < retry.maxAttempts()) {
        Duration hint = retryAfter(response).orElse(null);
        response.close();
        backoff(call, attempt, hint, "HTTP " + status);
        continue;
      }
      return response;
    }
  }

  /** Sends a call and insists on one of the expected statuses, failing with the registry's words. */
  Response expect(Call call, int... expected) {
    Response response = send(call);
    for (int ok : expected) {
      if (response.status() == ok) {
        return response;
      }
    }
    throw fail(call, response);
  }

  /**
   * Where a {@code Location} or {@code Link} in {@code answer} points, resolved against the URL
   * that answered. One that would leave TLS for plain HTTP (or for anything but HTTP) is refused:
   * whatever travels there could be read and changed on the way.
   */
  URI follow(Call call, Response answer, String reference) {
    URI next;
    try {
      next = answer.uri().resolve(reference.trim());
    } catch (IllegalArgumentException e) {
      // Not chained: the parser's message quotes the URL, which may carry a session or a token.
      throw new RegistryException(call.operation() + " " + call.target() + " failed: the registry"
          + " answered HTTP " + answer.status() + " with a URL that cannot be parsed", answer.status(), null, null);
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
    String failed = call.operation() + " " + call.target() + " failed: the registry at " + settings.host()
        + " (HTTP " + answer.status() + ") sent us on to ";
    if (scheme.equals("http") && origin.isTls() && next.getHost() != null) {
      throw new RegistryException(failed + "plain HTTP at " + Origin.of(next).hostAndPort()
          + ", which is refused so as not to leave TLS; configure the registry (or the proxy in front"
          + " of it) to hand out https URLs", answer.status(), null, null);
    }
    if (!(scheme.equals("https") || scheme.equals("http")) || next.getHost() == null) {
      throw new RegistryException(failed + "a URL that is not http(s)://host/...; configure the"
          + " registry (or the proxy in front of it) to hand out " + origin.scheme() + " URLs",
          answer.status(), null, null);
    }
    return next;
  }

  /** An exception for an unexpected answer, with the registry's error code and message. */
  RegistryException fail(Call call, Response response) {
    String code = null;
    String detail = "";
    try (response) {
      byte[] body = response.body().readNBytes(64 * 1024);
      JsonNode first = JSON.readTree(body).path("errors").path(0);
      if (!first.isMissingNode()) {
        code = first.path("code").asText(null);
        detail = first.path("message").asText("");
      }
    } catch (IOException | RuntimeException e) {
      // No parsable error body: the status alone will have to do.
    }
    int status = response.status();
    // The body may echo what we sent; scrub it before anything is cut or shown.
    Redactor redactor = auth.redactor();
    code = code == null ? null : redactor.shorten(code, MAX_QUOTED_CHARS);
    detail = redactor.shorten(detail.replaceAll("\\p{Cntrl}+", " ").strip(), MAX_QUOTED_CHARS);
    StringBuilder msg =
        new StringBuilder(call.operation()).append(' ').append(call.target()).append(" failed: ");
    msg.append("HTTP ").append(status);
    if (code != null) {
      msg.append(' ').append(code);
    }
    if (!detail.isEmpty()) {
      msg.append(": ").append(detail);
    }
    if (!origin.matches(response.uri())) {
      // Not the registry's answer: our credentials were not sent there and say nothing about it.
      msg.append(" from ").append(Origin.of(response.uri()).hostAndPort()).append(", where ")
          .append(settings.host()).append(" sent us; credentials go only to ").append(settings.host());
      return status == 401 || status == 403
          ? new RegistryAuthException(msg.toString(), status, code)
          : new RegistryException(msg.toString(), status, code, null);
    }
    if (status == 401 || status == 403) {
      msg.append(
          status == 401
              ? "; check the credentials configured for " + settings.host()
              : "; the credentials for " + settings.host() + " lack permission for this");
      return new RegistryAuthException(msg.toString(), status, code);
    }
    return new RegistryException(msg.toString(), status, code, null);
  }

  private Response sendFollowingRedirects(Call call, String authorization) throws IOException {
    URI uri = call.uri();
    for (int hop = 0; ; hop++) {
      // The one place deciding who gets credentials: this request's own origin, not the call's.
      Response response = sendOnce(call.at(uri), origin.matches(uri) ? authorization : null);
      boolean followable =
          REDIRECTS.contains(response.status())
              && (call.method().equals("GET") || call.method().equals("HEAD"));
      if (!followable) {
        return response;
      }
      String location = response.header("Location").orElse(null);
      response.close();
      if (location == null || hop >= MAX_REDIRECTS) {
        throw new IOException(
            location == null ? "redirect without a Location" : "too many redirects");
      }
      uri = follow(call, response, location);
    }
  }

  private Response sendOnce(Call call, String authorization) throws IOException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri());
    for (int i = 0; i < call.headers().size(); i += 2) {
      builder.header(call.headers().get(i), call.headers().get(i + 1));
    }
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    ExchangeWatch progress = new ExchangeWatch();
    if (call.body() == null) {
      builder.method(call.method(), HttpRequest.BodyPublishers.noBody());
    } else {
      builder.method(call.method(), publisher(call, progress));
    }
    try {
      HttpResponse<InputStream> answer = progress.send(
          http, builder.build(), IdleTimeoutBody.handler(timeout, settings.host()), timeout, settings.host());
      listener.answered(call.method(), call.uri(), answer.statusCode());
      Response response = new Response(answer.statusCode(), answer.headers(), answer.body(), call.uri());
      return settings.plainHttp() ? ConnectionFailures.PlainHttpToTlsServer.check(response) : response;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static HttpRequest.BodyPublisher publisher(Call call, ExchangeWatch progress) {
    if (call.bodyLength() == 0) {
      return HttpRequest.BodyPublishers.noBody();
    }
    BodySource source = call.body();
    long offset = call.bodyOffset();
    long length = call.bodyLength();
    return HttpRequest.BodyPublishers.fromPublisher(
        HttpRequest.BodyPublishers.ofInputStream(
            () -> {
              try {
                return progress.counting(new LimitedInputStream(source.openAt(offset), length));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }),
        length);
  }

  private void backoff(Call call, int attempt, Duration hint, String reason) {
    Duration delay = retry.delayAfter(attempt, hint);
    listener.retrying(call.operation() + " " + call.target(), attempt, delay, reason);
    sleep(delay);
  }

  static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException("interrupted while waiting to retry", 0, null, e);
    }
  }

  private static Optional<Duration> retryAfter(Response response) {
    return response
        .header("Retry-After")
        .flatMap(
            value -> {
              try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
              } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: fall back to our own backoff
              }
            });
  }
}
