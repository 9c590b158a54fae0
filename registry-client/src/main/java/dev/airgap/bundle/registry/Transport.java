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
import java.util.Optional;
import java.util.Set;

/**
 * Sends {@link Call}s: authentication, bounded retries with backoff, and redirects that never
 * carry {@code Authorization} to another host.
 */
final class Transport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

  private final RegistrySettings settings;
  private final HttpClient http;
  private final RetryPolicy retry;
  private final RegistryListener listener;
  private final Authenticator auth;
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
    this.auth = new Authenticator(settings, credentials, http, retry, failures);
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
      if (status == 401 && !reauthenticated) {
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
    StringBuilder msg =
        new StringBuilder(call.operation()).append(' ').append(call.target()).append(" failed: ");
    msg.append("HTTP ").append(status);
    if (code != null) {
      msg.append(' ').append(code);
    }
    if (!detail.isEmpty()) {
      msg.append(": ").append(detail);
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
    URI origin = call.uri();
    URI uri = origin;
    for (int hop = 0; ; hop++) {
      // Authorization goes only to the host it was meant for, never along a redirect elsewhere.
      boolean sameOrigin = sameOrigin(origin, uri);
      Response response = sendOnce(call.at(uri), sameOrigin ? authorization : null);
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
      uri = uri.resolve(location);
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
      HttpResponse<InputStream> answer = progress.await(
          http.sendAsync(builder.build(), IdleTimeoutBody.handler(timeout, settings.host())), timeout, settings.host());
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

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().equalsIgnoreCase(b.getHost())
        && effectivePort(a) == effectivePort(b);
  }

  private static int effectivePort(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
