package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.testing.FaultProxy;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials go to the configured registry origin (scheme, host and port) only: never to an
 * upload Location, pagination Link or redirect elsewhere, never over a downgrade to plain HTTP,
 * and a 401 from elsewhere never teaches the client a new token realm.
 *
 * <p>The configured registry is a TLS {@link FaultProxy} in front of the real registry; "elsewhere"
 * is a second proxy on another port (another origin) in front of the same registry, recording the
 * {@code Authorization} headers it receives.
 */
class CredentialOriginTest {
  private static final TestImage IMAGE = TestImages.seeded(4242).oci().build();

  @TempDir Path temp;

  private static byte[] content(int seed) {
    byte[] bytes = new byte[30_000];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static void assertNoAuthorization(FaultProxy proxy) {
    assertFalse(proxy.exchanges().isEmpty(), "the request never reached " + proxy.host());
    assertTrue(proxy.exchanges().stream().noneMatch(x -> x.header("Authorization").isPresent()),
        "credentials went to another origin: " + proxy.exchanges());
  }

  /** No 8-character piece of the secret, let alone all of it, appears in the failure. */
  static void assertNoPieceOf(String secret, Throwable failure) {
    for (int start = 0; start + 8 <= secret.length(); start++) {
      CanaryCheck.assertAbsent(secret.substring(start, start + 8), failure, List.of());
    }
  }

  @Nested
  class Htpasswd {
    @RegisterExtension static RegistryExtension registry = RegistryExtension.htpasswd();

    private FaultProxy front;
    private FaultProxy elsewhere;
    private FaultProxy plainElsewhere;

    @BeforeEach
    void proxies() throws Exception {
      front = FaultProxy.start(registry.host(), registry.serverSslContext(), registry.sslContext());
      elsewhere = FaultProxy.start(registry.host(), registry.serverSslContext(), registry.sslContext());
      plainElsewhere = FaultProxy.start(registry.host(), null, registry.sslContext());
    }

    @AfterEach
    void close() throws Exception {
      front.close();
      elsewhere.close();
      plainElsewhere.close();
    }

    private RegistryClient client() throws Exception {
      return RegistryClient.builder(RegistrySettings.secure(front.host()).withCaFile(registry.caCertificate()))
          .credentials(AuthAndTlsTest.basic(front.host(), registry.username(), registry.password(), temp))
          .retry(RetryPolicy.none())
          .build();
    }

    private void assertCredentialsReachedTheRegistry() {
      assertTrue(front.exchanges().stream().anyMatch(x -> x.header("Authorization").orElse("").startsWith("Basic ")),
          "the configured registry should have had the credentials: " + front.exchanges());
    }

    @Test
    void anUploadLocationOnAnotherOriginGetsNoAuthorization() throws Exception {
      byte[] blob = content(1);
      String session = elsewhere.baseUri() + "v2/origin/upload/blobs/uploads/f00d";
      front.when("POST", "/v2/origin/upload/blobs/uploads/").setResponseHeader("Location", session);

      var e = assertThrows(RegistryException.class,
          () -> client().pushBlob("origin/upload", Digest.sha256(blob), BodySource.ofBytes(blob)));
      assertEquals(401, e.status(), e.getMessage());
      assertNoAuthorization(elsewhere);
      assertCredentialsReachedTheRegistry();
      assertTrue(e.getMessage().contains(elsewhere.host()), e.getMessage());
    }

    @Test
    void aPaginationLinkToAnotherOriginGetsNoAuthorization() throws Exception {
      RegistryClient client = client();
      TestPushes.push(client, "origin/tags", "1.0", IMAGE);
      String next = "<" + elsewhere.baseUri() + "v2/origin/tags/tags/list?n=1000&last=1.0>; rel=\"next\"";
      front.when("GET", "/v2/origin/tags/tags/list").times(1).setResponseHeader("Link", next);

      assertThrows(RegistryException.class, () -> client.listTags("origin/tags"));
      assertNoAuthorization(elsewhere);
    }

    @Test
    void aRedirectToAnotherOriginGetsNoAuthorization() throws Exception {
      RegistryClient client = client();
      byte[] blob = content(2);
      Digest digest = Digest.sha256(blob);
      client.pushBlob("origin/redirect", digest, BodySource.ofBytes(blob));
      front.when("GET", "/v2/origin/redirect/blobs/.*").times(1)
          .respond(307, Map.of("Location", elsewhere.baseUri() + "v2/origin/redirect/blobs/" + digest), "");

      assertThrows(RegistryException.class, () -> client.openBlob("origin/redirect", digest, blob.length).close());
      assertNoAuthorization(elsewhere);
    }

    @Test
    void anUploadLocationDowngradingToPlainHttpIsRefused() throws Exception {
      byte[] blob = content(3);
      String session = plainElsewhere.baseUri() + "v2/origin/downgrade/blobs/uploads/f00d";
      front.when("POST", "/v2/origin/downgrade/blobs/uploads/").setResponseHeader("Location", session);

      var e = assertThrows(RegistryException.class,
          () -> client().pushBlob("origin/downgrade", Digest.sha256(blob), BodySource.ofBytes(blob)));
      assertTrue(e.getMessage().contains("plain HTTP") && e.getMessage().contains(plainElsewhere.host()),
          e.getMessage());
      assertEquals(List.of(), plainElsewhere.exchanges(), "nothing may be sent over the downgrade");
    }

    @Test
    void aRedirectDowngradingToPlainHttpIsRefused() throws Exception {
      RegistryClient client = client();
      byte[] blob = content(4);
      Digest digest = Digest.sha256(blob);
      client.pushBlob("origin/redirect-down", digest, BodySource.ofBytes(blob));
      front.when("GET", "/v2/origin/redirect-down/blobs/.*").times(1)
          .respond(307, Map.of("Location", plainElsewhere.baseUri() + "v2/origin/redirect-down/blobs/" + digest), "");

      var e = assertThrows(RegistryException.class, () -> client.openBlob("origin/redirect-down", digest, blob.length).close());
      assertTrue(e.getMessage().contains("plain HTTP"), e.getMessage());
      assertEquals(List.of(), plainElsewhere.exchanges(), "nothing may be sent over the downgrade");
    }

    @Test
    void aRegistryErrorEchoingThePasswordNeverShowsIt() throws Exception {
      String password = registry.password();
      String pair = Base64.getEncoder().encodeToString(
          (registry.username() + ":" + password).getBytes(StandardCharsets.UTF_8));
      RegistryClient client = client();
      TestPushes.push(client, "origin/echo", "1.0", IMAGE);
      // Careless error pages quote the request: the password, the Basic header, and a long message
      // in which the password sits where a message would be cut short.
      for (String message : List.of(
          "you sent " + password + " as Basic " + pair,
          "x".repeat(290) + password + " and more after it " + "y".repeat(5000),
          "x".repeat(195) + pair)) {
        front.clear();
        front.when("GET", "/v2/origin/echo/manifests/.*").times(1).respond(400, Map.of(),
            "{\"errors\":[{\"code\":\"" + password + "\",\"message\":\"" + message + "\"}]}");
        var e = assertThrows(RegistryException.class, () -> client.pullManifest("origin/echo", "1.0"));
        assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
        assertNoPieceOf(password, e);
        CanaryCheck.assertAbsent(pair.substring(pair.length() - 12), e, List.of());
      }
    }
  }

  @Nested
  class Token {
    @RegisterExtension static RegistryExtension registry = RegistryExtension.token();

    private FaultProxy front;
    private FaultProxy elsewhere;
    private FaultProxy evilRealm;

    @BeforeEach
    void proxies() throws Exception {
      front = FaultProxy.start(registry.host(), registry.serverSslContext(), registry.sslContext());
      elsewhere = FaultProxy.start(registry.host(), registry.serverSslContext(), registry.sslContext());
      evilRealm = FaultProxy.start(registry.host(), registry.serverSslContext(), registry.sslContext());
      evilRealm.when("*", ".*").respond(200, Map.of("Content-Type", "application/json"), "{\"token\":\"evil\"}");
    }

    @AfterEach
    void close() throws Exception {
      front.close();
      elsewhere.close();
      evilRealm.close();
    }

    private RegistryClient client(String host) throws Exception {
      return RegistryClient.builder(RegistrySettings.secure(host).withCaFile(registry.caCertificate()))
          .credentials(AuthAndTlsTest.basic(host, registry.username(), registry.password(), temp))
          .retry(RetryPolicy.none())
          .build();
    }

    @Test
    void aChallengeFromARedirectTargetNeitherGetsCredentialsNorMovesTheRealm() throws Exception {
      RegistryClient client = client(front.host());
      byte[] blob = content(5);
      Digest digest = Digest.sha256(blob);
      client.pushBlob("origin/realm", digest, BodySource.ofBytes(blob));
      front.when("GET", "/v2/origin/realm/blobs/.*").times(1)
          .respond(307, Map.of("Location", elsewhere.baseUri() + "v2/origin/realm/blobs/" + digest), "");
      String evil = "Bearer realm=\"" + evilRealm.baseUri() + "token\",service=\"evil\"";
      elsewhere.when("*", ".*").respond(401, Map.of("WWW-Authenticate", evil), "");

      assertThrows(RegistryException.class, () -> client.openBlob("origin/realm", digest, blob.length).close());
      assertNoAuthorization(elsewhere);

      // The client still takes tokens from the registry's own realm, for new scopes too.
      registry.tokenServer().clearRequests();
      byte[] other = content(6);
      client.pushBlob("origin/realm-after", Digest.sha256(other), BodySource.ofBytes(other));
      try (InputStream in = client.openBlob("origin/realm", digest, blob.length)) {
        assertArrayEquals(blob, in.readAllBytes());
      }
      assertFalse(registry.tokenServer().requests().isEmpty());
      assertEquals(List.of(), evilRealm.exchanges(), "the other host's realm got a request");
    }

    @Test
    void aTokenObtainedWithCredentialsIsNeverSentOverPlainHttp() throws Exception {
      // A plain-HTTP address for a registry whose token realm is https: the credentials may go
      // to the realm over TLS, but the token they buy must not then travel over plain HTTP.
      try (FaultProxy plain = FaultProxy.start(registry.host(), null, registry.sslContext())) {
        RegistryClient client = RegistryClient.builder(RegistrySettings.secure(plain.host()).withPlainHttp(true))
            .credentials(AuthAndTlsTest.basic(plain.host(), registry.username(), registry.password(), temp))
            .retry(RetryPolicy.none())
            .build();
        registry.tokenServer().clearRequests();
        var e = assertThrows(RegistryAuthException.class, () -> client.pullManifest("origin/plain", "1.0"));
        assertTrue(e.getMessage().contains("plain HTTP"), e.getMessage());
        assertNoAuthorization(plain);
        assertEquals(List.of(), registry.tokenServer().requests(), "a token that cannot be used was fetched");
      }
    }

    @Test
    void aRegistryErrorEchoingTheTokenNeverShowsIt() throws Exception {
      RegistryClient client = client(front.host());
      TestPushes.push(client, "origin/echo-token", "1.0", IMAGE);
      client.pullManifest("origin/echo-token", "1.0");
      String token = front.exchanges().stream()
          .filter(x -> x.target().startsWith("/v2/origin/echo-token/manifests/") && x.method().equals("GET"))
          .map(x -> x.header("Authorization").orElse(""))
          .filter(h -> h.startsWith("Bearer ")).findFirst().orElseThrow()
          .substring("Bearer ".length());
      front.when("GET", "/v2/origin/echo-token/manifests/.*").times(1).respond(400, Map.of(),
          "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"" + "x".repeat(280) + " you sent Bearer " + token + "\"}]}");

      var e = assertThrows(RegistryException.class, () -> client.pullManifest("origin/echo-token", "1.0"));
      assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
      assertNoPieceOf(token.substring(token.length() - 40), e);
      assertNoPieceOf(registry.password(), e);
    }
  }
}
