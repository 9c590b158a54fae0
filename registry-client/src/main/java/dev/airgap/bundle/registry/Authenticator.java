package dev.airgap.bundle.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers a registry's challenges: Basic, or the Bearer token flow with tokens cached per scope
 * set.
 *
 * <p>Credentials are only ever sent in reply to a challenge, only over TLS, and only to the
 * registry itself or the token realm it named; a refresh token goes to the realm alone.
 */
final class Authenticator {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Docker treats shorter lifetimes as 60 s; so do we, and we renew 10 s early. */
  private static final long MIN_TOKEN_SECONDS = 60;

  private record Token(String value, Instant renewAfter) {}

  private final RegistrySettings settings;
  private final CredentialSource credentialSource;
  private final HttpClient http;
  private final RetryPolicy retry;
  private final ConnectionFailures failures;
  private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();
  private volatile Challenge challenge;
  private volatile Optional<RegistryCredentials> credentials;

  Authenticator(
      RegistrySettings settings, CredentialSource credentials, HttpClient http, RetryPolicy retry,
      ConnectionFailures failures) {
    this.settings = settings;
    this.credentialSource = credentials;
    this.http = http;
    this.retry = retry;
    this.failures = failures;
  }

  /** The Authorization value to send with a request needing {@code scopes}, if known yet. */
  Optional<String> authorization(Set<String> scopes, Call call) {
    Challenge current = challenge;
    if (current == null) {
      return Optional.empty();
    }
    if (current.isBasic()) {
      return basicHeader(call);
    }
    if (current.isBearer()) {
      Token token = tokens.get(key(scopes));
      if (token == null || Instant.now().isAfter(token.renewAfter())) {
        token = fetchToken(current, scopes, call);
      }
      return Optional.of("Bearer " + token.value());
    }
    return Optional.empty();
  }

  /**
   * Learns from a 401. Returns true when a retry with new authorization may succeed: a first
   * challenge, a Bearer challenge after which a fresh token was obtained, or a Basic challenge we
   * had not yet answered with credentials.
   */
  boolean onUnauthorized(Response response, Set<String> scopes, Call call, String sent) {
    List<Challenge> offered =
        Challenge.parseAll(response.header("WWW-Authenticate").orElse(null));
    Challenge chosen =
        offered.stream()
            .filter(Challenge::isBearer)
            .findFirst()
            .or(() -> offered.stream().filter(Challenge::isBasic).findFirst())
            .orElse(null);
    if (chosen == null) {
      return false;
    }
    challenge = chosen;
    if (chosen.isBasic()) {
      return sent == null && credentials().isPresent();
    }
    Set<String> wanted = new TreeSet<>(scopes);
    chosen.param("scope").ifPresent(s -> wanted.addAll(List.of(s.split(" "))));
    tokens.remove(key(scopes));
    Token fresh = fetchToken(chosen, wanted, call);
    tokens.put(key(scopes), fresh);
    return !("Bearer " + fresh.value()).equals(sent);
  }

  private Optional<String> basicHeader(Call call) {
    Optional<RegistryCredentials> creds = credentials();
    if (creds.isEmpty()) {
      return Optional.empty();
    }
    if (!(creds.get() instanceof RegistryCredentials.Basic basic)) {
      throw new RegistryAuthException(
          call.operation() + " " + call.target() + " failed: the registry asks for a username and"
              + " password but only an identity token is configured for " + settings.host(),
          401, null);
    }
    refuseOverPlainHttp(URI.create(settings.scheme() + "://" + settings.host()), call);
    String pair = basic.username() + ":" + basic.password().reveal();
    return Optional.of(
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  private Token fetchToken(Challenge bearer, Set<String> scopes, Call call) {
    String realm =
        bearer
            .param("realm")
            .orElseThrow(
                () ->
                    new RegistryAuthException(
                        call.operation() + " " + call.target() + " failed: the registry's Bearer"
                            + " challenge names no realm",
                        401, null));
    URI realmUri = URI.create(realm);
    Optional<RegistryCredentials> creds = credentials();
    if (creds.isPresent()) {
      refuseOverPlainHttp(realmUri, call);
    }
    Token token = requestToken(realmUri, bearer.param("service").orElse(null), scopes, creds, call);
    tokens.put(key(scopes), token);
    return token;
  }

  private Token requestToken(
      URI realm, String service, Set<String> scopes, Optional<RegistryCredentials> creds, Call call) {
    HttpRequest request;
    if (creds.isPresent() && creds.get() instanceof RegistryCredentials.RefreshToken refresh) {
      // OAuth2 refresh grant, as docker does for identity tokens.
      StringJoiner form = new StringJoiner("&");
      form.add("grant_type=refresh_token");
      form.add("client_id=bundle");
      form.add("refresh_token=" + encode(refresh.token().reveal()));
      if (service != null) {
        form.add("service=" + encode(service));
      }
      if (!scopes.isEmpty()) {
        form.add("scope=" + encode(String.join(" ", new TreeSet<>(scopes))));
      }
      request =
          HttpRequest.newBuilder(realm)
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
              .build();
    } else {
      StringJoiner query = new StringJoiner("&");
      if (service != null) {
        query.add("service=" + encode(service));
      }
      for (String scope : new TreeSet<>(scopes)) {
        query.add("scope=" + encode(scope));
      }
      String sep = realm.getRawQuery() == null ? "?" : "&";
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(realm + (query.length() == 0 ? "" : sep + query)))
              .timeout(Duration.ofSeconds(60))
              .GET();
      if (creds.isPresent() && creds.get() instanceof RegistryCredentials.Basic basic) {
        String pair = basic.username() + ":" + basic.password().reveal();
        builder.header(
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      }
      request = builder.build();
    }
    HttpResponse<byte[]> answer = sendTokenRequest(request, call);
    if (answer.statusCode() == 401 || answer.statusCode() == 403) {
      throw new RegistryAuthException(
          call.operation() + " " + call.target() + " failed: the token service at "
              + realm.getHost() + " refused our credentials (HTTP " + answer.statusCode()
              + "); check the credentials configured for " + settings.host(),
          answer.statusCode(), null);
    }
    if (answer.statusCode() != 200) {
      throw new RegistryAuthException(
          call.operation() + " " + call.target() + " failed: the token service at "
              + realm.getHost() + " answered HTTP " + answer.statusCode(),
          answer.statusCode(), null);
    }
    return parseToken(answer.body(), call);
  }

  private HttpResponse<byte[]> sendTokenRequest(HttpRequest request, Call call) {
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (!RetryPolicy.isRetryableStatus(answer.statusCode()) || attempt >= retry.maxAttempts()) {
          return answer;
        }
      } catch (IOException e) {
        if (attempt >= retry.maxAttempts() || ConnectionFailures.isSettingsMismatch(e)) {
          throw failures.failure(call.operation() + " " + call.target() + " (token request)", e, request.uri());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException(call.operation() + " interrupted", 0, null, e);
      }
      Transport.sleep(retry.delayAfter(attempt, null));
    }
  }

  private static Token parseToken(byte[] body, Call call) {
    try {
      JsonNode node = JSON.readTree(body);
      String value = node.path("token").asText("");
      if (value.isEmpty()) {
        value = node.path("access_token").asText("");
      }
      if (value.isEmpty()) {
        throw new RegistryAuthException(
            call.operation() + " " + call.target() + " failed: the token service returned no token",
            0, null);
      }
      long lifetime = Math.max(node.path("expires_in").asLong(MIN_TOKEN_SECONDS), MIN_TOKEN_SECONDS);
      return new Token(value, Instant.now().plusSeconds(lifetime - 10));
    } catch (IOException e) {
      throw new RegistryAuthException(
          call.operation() + " " + call.target() + " failed: the token service returned"
              + " malformed JSON",
          0, null);
    }
  }

  private void refuseOverPlainHttp(URI destination, Call call) {
    if (!"https".equalsIgnoreCase(destination.getScheme())) {
      throw new RegistryAuthException(
          call.operation() + " " + call.target() + " failed: refusing to send credentials for "
              + settings.host() + " over plain HTTP to " + destination.getHost()
              + "; serve the registry (and its token realm) over TLS",
          401, null);
    }
  }

  private Optional<RegistryCredentials> credentials() {
    Optional<RegistryCredentials> known = credentials;
    if (known == null) {
      known = credentialSource.credentialsFor(settings.host());
      credentials = known;
    }
    return known;
  }

  private static String key(Set<String> scopes) {
    return String.join(" ", new TreeSet<>(scopes));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
