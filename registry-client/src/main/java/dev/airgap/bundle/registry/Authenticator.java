package dev.airgap.bundle.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airgap.bundle.format.Documents;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * registry itself or the token realm it named; a refresh token goes to the realm alone. A token
 * bought with credentials is as secret as they are: it is never fetched for a plain-HTTP registry.
 * Which requests carry the resulting header, and which challenges count, {@link Transport} decides
 * by origin.
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
  /** The --timeout: how long the token service may take to answer, or stay silent mid-answer. */
  private final Duration timeout;
  private final ConcurrentHashMap<String, Token> tokens = new ConcurrentHashMap<>();
  /** Every token received, renewed ones included, so that an echo of any is scrubbed. */
  private final Set<String> issued = ConcurrentHashMap.newKeySet();
  private volatile Challenge challenge;
  private volatile Optional<RegistryCredentials> credentials;

  Authenticator(
      RegistrySettings settings, CredentialSource credentials, HttpClient http, RetryPolicy retry,
      ConnectionFailures failures, Duration timeout) {
    this.settings = settings;
    this.timeout = timeout;
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
   * had not yet answered with credentials. {@link Transport} passes only 401s from the registry's
   * own origin: a challenge from a redirect target must not move our realm or get our password.
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
    refuseOverPlainHttp(registryUri(), call);
    return Optional.of("Basic " + basicPair(basic));
  }

  private static String basicPair(RegistryCredentials.Basic basic) {
    String pair = basic.username() + ":" + basic.password().reveal();
    return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private URI registryUri() {
    return URI.create(settings.scheme() + "://" + settings.host());
  }

  /**
   * Scrubs what we may have sent from text the registry sends back: the password (alone and as a
   * Basic header), the refresh token and every access token received.
   */
  Redactor redactor() {
    List<Secret> secrets = new ArrayList<>();
    Optional<RegistryCredentials> known = credentials;
    if (known != null && known.isPresent()) {
      if (known.get() instanceof RegistryCredentials.Basic basic) {
        secrets.add(basic.password());
        secrets.add(Secret.of(basicPair(basic)));
      } else if (known.get() instanceof RegistryCredentials.RefreshToken refresh) {
        secrets.add(refresh.token());
      }
    }
    issued.forEach(token -> secrets.add(Secret.of(token)));
    return Redactor.of(secrets);
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
      // The token would then travel to the registry, so it obeys the same rule as a password.
      refuseOverPlainHttp(registryUri(), call);
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
              .timeout(timeout)
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
              .timeout(timeout)
              .GET();
      if (creds.isPresent() && creds.get() instanceof RegistryCredentials.Basic basic) {
        builder.header("Authorization", "Basic " + basicPair(basic));
      }
      request = builder.build();
    }
    TokenAnswer answer = sendTokenRequest(request, call);
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
    Token token = parseToken(answer.body(), call);
    issued.add(token.value());
    return token;
  }

  /** A token service's answer, its body read with the document cap (never whole, whatever it sends). */
  private record TokenAnswer(int statusCode, byte[] body) {}

  private TokenAnswer sendTokenRequest(HttpRequest request, Call call) {
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<java.io.InputStream> response = http.send(request,
            // The token service may stall mid-answer like any server: the idle limit holds here too.
            IdleTimeoutBody.handler(timeout, request.uri().getHost()));
        TokenAnswer answer;
        try (java.io.InputStream body = response.body()) {
          answer = new TokenAnswer(response.statusCode(), Documents.read(body, Documents.MAX_BYTES,
              "the token response from " + request.uri().getHost(),
              tooLarge -> new RegistryException(call.operation() + " " + call.target() + " failed: " + tooLarge, 0, null,
                  null)));
        }
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
