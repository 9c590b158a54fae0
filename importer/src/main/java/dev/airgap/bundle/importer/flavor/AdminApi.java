package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airgap.bundle.registry.ConnectionFailures;
import dev.airgap.bundle.registry.HttpClients;
import dev.airgap.bundle.registry.IdleTimeoutBody;
import dev.airgap.bundle.registry.RetryPolicy;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Requests to one target's admin API: JSON in and out, the target's TLS settings, its credentials
 * on every request, bounded retries, and error messages that name the product and never a secret.
 */
final class AdminApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long an admin API may take to answer, or stay silent mid-answer, unless told otherwise. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  /** Admin answers are small; an error page is quoted only in part. */
  private static final int MAX_BODY_BYTES = 64 * 1024;

  private final String product;
  private final String targetName;
  private final URI base;
  private final AdminAuth auth;
  private final HttpClient http;
  private final RetryPolicy retry;
  private final ConnectionFailures failures;
  private final Duration timeout;

  AdminApi(String product, TargetConfig target, URI base, AdminAuth auth, RetryPolicy retry) {
    this(product, target, base, auth, retry, DEFAULT_TIMEOUT);
  }

  AdminApi(String product, TargetConfig target, URI base, AdminAuth auth, RetryPolicy retry, Duration timeout) {
    this.product = product;
    this.timeout = timeout;
    this.targetName = target.name();
    this.base = base;
    this.auth = auth;
    this.retry = retry;
    this.failures = new ConnectionFailures(target.settings(), target.settingNames(), timeout);
    try {
      this.http = HttpClients.builder(target.settings(), timeout).build();
    } catch (IllegalArgumentException e) {
      throw new FlavorException("target " + targetName + ": " + e.getMessage(), e);
    }
  }

  String product() {
    return product;
  }

  String targetName() {
    return targetName;
  }

  AdminAuth auth() {
    return auth;
  }

  /**
   * Sends a request and returns the answer whatever its status, after retrying connection
   * failures, 408, 429 and 5xx. Retrying is safe for every request the adapters make, creates
   * included: a create that did land the first time answers "already exists" the second time,
   * which the adapters count as success.
   *
   * @param pathAndQuery appended to the base url; callers build it from validated names only
   * @param body a JSON body, or null
   */
  AdminResponse send(String method, String pathAndQuery, JsonNode body) {
    URI uri = URI.create(base + pathAndQuery);
    for (int attempt = 1; ; attempt++) {
      AdminResponse response;
      try {
        response = once(method, uri, body);
      } catch (IOException e) {
        if (ConnectionFailures.isSettingsMismatch(e)) {
          // Another try meets the same certificate; the fix is in the target's settings.
          throw failures.failure("the " + product + " API at " + base + " for target " + targetName, e, uri);
        }
        if (attempt < retry.maxAttempts()) {
          pause(retry.delayAfter(attempt, null));
          continue;
        }
        throw new FlavorException("could not reach the " + product + " API at " + base + " for target "
            + targetName + " after " + attempt + " attempts: " + failures.describe(e, uri), e);
      }
      if (RetryPolicy.isRetryableStatus(response.status()) && attempt < retry.maxAttempts()) {
        pause(retry.delayAfter(attempt, response.retryAfter().orElse(null)));
        continue;
      }
      if (response.status() >= 300 && response.status() < 400) {
        // Following it would mean deciding whether the credentials may go along; the user can
        // point api-url at the right place instead.
        throw new FlavorException("the " + product + " API at " + base + " answered " + method + " "
            + uri.getPath() + " with a redirect (HTTP " + response.status() + " to "
            + response.location().map(this::withoutQuery).orElse("nowhere") + "); set the api-url of target "
            + targetName + " to the address the API is served at");
      }
      if (response.status() == 401) {
        throw new FlavorException("the " + product + " API at " + base + " rejected " + auth.description()
            + " (HTTP 401" + quoted(response) + ")");
      }
      return response;
    }
  }

  /** For an answer no rule covers: what was asked, the status, and the server's own words. */
  FlavorException unexpected(String doing, AdminResponse response) {
    return new FlavorException("the " + product + " API at " + base + " could not " + doing + " for target "
        + targetName + " (HTTP " + response.status() + quoted(response) + ")");
  }

  /** ": <the server's message>" scrubbed of secrets, or "" when the body says nothing. */
  String quoted(AdminResponse response) {
    String summary = ServerMessages.summary(response.body(), auth.redactor());
    return summary.isEmpty() ? "" : ": " + summary;
  }

  private AdminResponse once(String method, URI uri, JsonNode body) throws IOException {
    HttpRequest.BodyPublisher publisher = body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Accept", "application/json")
        .header("Authorization", auth.header().reveal())
        .method(method, publisher);
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<InputStream> response;
    try {
      // A body that stalls midway is cut off after the same silence as a late answer.
      response = http.send(request.build(), IdleTimeoutBody.handler(timeout, uri.getHost()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlavorException("interrupted while calling the " + product + " API for target " + targetName, e);
    }
    try (InputStream in = response.body()) {
      String text = new String(in.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
      return new AdminResponse(response.statusCode(), text, response.headers().firstValue("Location"),
          response.headers().firstValue("Retry-After").flatMap(AdminApi::seconds));
    }
  }

  /** Retry-After in its delta-seconds form; the date form is rare enough to fall back to backoff. */
  private static Optional<Duration> seconds(String value) {
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private String withoutQuery(String location) {
    int q = location.indexOf('?');
    return auth.redact(q < 0 ? location : location.substring(0, q));
  }

  private void pause(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlavorException("interrupted while waiting to retry the " + product + " API for target "
          + targetName, e);
    }
  }
}
