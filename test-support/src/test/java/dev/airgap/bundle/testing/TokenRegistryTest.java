package dev.airgap.bundle.testing;

import static dev.airgap.bundle.testing.TestHttp.basic;
import static dev.airgap.bundle.testing.TestHttp.get;
import static dev.airgap.bundle.testing.TestHttp.jsonString;
import static dev.airgap.bundle.testing.TestHttp.pushBlob;
import static dev.airgap.bundle.testing.TestHttp.randomBlob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.testing.TokenServer.Grant;
import dev.airgap.bundle.testing.TokenServer.TokenRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TokenRegistryTest {

  @RegisterExtension
  static final RegistryExtension REGISTRY = RegistryExtension.token();

  private final HttpClient client = TestHttp.client(REGISTRY);
  private TokenServer tokens;

  @BeforeEach
  void clearLog() {
    tokens = REGISTRY.tokenServer();
    tokens.clearRequests();
  }

  @Test
  void challengesWithTheTokenServersRealmAndService() throws Exception {
    HttpResponse<String> response = get(client, REGISTRY.baseUri().resolve("/v2/"), null);

    assertEquals(401, response.statusCode());
    assertEquals("Bearer realm=\"" + tokens.realm() + "\",service=\"" + tokens.service() + "\"",
        response.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertEquals("https", tokens.realm().getScheme());
  }

  @Test
  void challengesAnUploadForPullAndPushInEitherOrder() throws Exception {
    HttpResponse<String> response = pushBlob(client, REGISTRY.baseUri(), "team/app",
        randomBlob(10, 9), null);

    // Distribution 2.8 lists a resource's actions from a Go map, so their order varies.
    assertEquals(401, response.statusCode());
    assertTrue(response.headers().firstValue("WWW-Authenticate").orElseThrow()
        .matches(".*,scope=\"repository:team/app:(pull,push|push,pull)\""),
        response.headers().toString());
  }

  @Test
  void acceptsATokenForTheApiVersionCheck() throws Exception {
    String token = getToken(basicUser(), "offline_token=false");

    assertEquals(200, get(client, REGISTRY.baseUri().resolve("/v2/"), bearer(token)).statusCode());
    assertEquals(List.of(new TokenRequest("GET", Grant.BASIC, REGISTRY.username(), List.of(),
        false, 200)), tokens.requests());
  }

  @Test
  void pushesABlobWithAPullPushToken() throws Exception {
    String token = getToken(basicUser(), "scope=repository:team/app:pull,push");

    HttpResponse<String> pushed = pushBlob(client, REGISTRY.baseUri(), "team/app",
        randomBlob(3000, 4), bearer(token));

    assertEquals(201, pushed.statusCode(), pushed.body());
    assertEquals(List.of("repository:team/app:pull,push"), tokens.requests().get(0).scopes());
  }

  @Test
  void refusesAPushWithAPullOnlyToken() throws Exception {
    String token = getToken(basicUser(), "scope=repository:team/app:pull");

    HttpResponse<String> refused = pushBlob(client, REGISTRY.baseUri(), "team/app",
        randomBlob(100, 5), bearer(token));

    assertEquals(401, refused.statusCode());
    assertTrue(refused.headers().firstValue("WWW-Authenticate").orElseThrow()
        .contains("error=\"insufficient_scope\""));
  }

  @Test
  void grantsOnlyWhatAUserHolds() throws Exception {
    tokens.addUser("reader", "reader-secret", "pull");
    String token = getToken(basic("reader", "reader-secret"),
        "scope=repository:team/app:pull,push");

    assertEquals(401, pushBlob(client, REGISTRY.baseUri(), "team/app", randomBlob(100, 6),
        bearer(token)).statusCode());
    assertEquals(404, get(client, tagsList("team/app"), bearer(token)).statusCode(),
        "pull was granted, so an unknown repository is a 404, not a 401");
  }

  @Test
  void grantsAnonymousCallersPullOnly() throws Exception {
    String token = getToken(null, "scope=repository:public/app:pull,push");

    assertEquals(404, get(client, tagsList("public/app"), bearer(token)).statusCode());
    assertEquals(401, pushBlob(client, REGISTRY.baseUri(), "public/app", randomBlob(10, 7),
        bearer(token)).statusCode());
    assertEquals(Grant.ANONYMOUS, tokens.requests().get(0).grant());
  }

  @Test
  void rejectsATokenSignedByAnotherKey(@TempDir Path directory) throws Exception {
    Path certificate = directory.resolve("other.crt");
    Path key = directory.resolve("other.key");
    TlsMaterial.issueSigningCertificate(certificate, key);
    TokenSigner forger = new TokenSigner(tokens.issuer(), tokens.service(),
        TlsMaterial.readCertificate(certificate), TlsMaterial.readPrivateKey(key));
    String forged = forger.sign(REGISTRY.username(),
        List.of(Scope.parse("repository:team/app:pull,push")), Instant.now(), Duration.ofMinutes(1));

    HttpResponse<String> refused = get(client, tagsList("team/app"), bearer(forged));

    assertEquals(401, refused.statusCode());
    assertTrue(refused.headers().firstValue("WWW-Authenticate").orElseThrow()
        .contains("error=\"invalid_token\""));
  }

  @Test
  void answersAWrongPasswordWith401() throws Exception {
    HttpResponse<String> response = tokenGet(basic(REGISTRY.username(), "wrong"),
        "scope=repository:team/app:pull");

    assertEquals(401, response.statusCode());
    assertEquals(new TokenRequest("GET", Grant.BASIC, REGISTRY.username(),
        List.of("repository:team/app:pull"), false, 401), tokens.requests().get(0));
  }

  @Test
  void rejectsAnotherService() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(tokens.realm()
        + "?service=elsewhere&scope=repository:team/app:pull")).build();

    assertEquals(400, client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void answersWithTokenAccessTokenExpiryAndIssueTime() throws Exception {
    HttpResponse<String> response = tokenGet(basicUser(), "scope=repository:team/app:pull");

    String body = response.body();
    assertEquals(jsonString(body, "token"), jsonString(body, "access_token"));
    assertTrue(body.contains("\"expires_in\":300"), body);
    assertTrue(jsonString(body, "issued_at").endsWith("Z"), body);
    assertFalse(body.contains("refresh_token"), body);
  }

  @Test
  void issuesARefreshTokenForOfflineAccessThatPostRedeems() throws Exception {
    String refresh = jsonString(tokenGet(basicUser(), "offline_token=true").body(),
        "refresh_token");

    HttpResponse<String> response = tokenPost("grant_type=refresh_token&refresh_token="
        + refresh + "&scope=" + encode("repository:team/refreshed:pull,push"));

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(refresh, jsonString(response.body(), "refresh_token"));
    assertEquals("repository:team/refreshed:pull,push", jsonString(response.body(), "scope"));
    assertEquals(201, pushBlob(client, REGISTRY.baseUri(), "team/refreshed", randomBlob(10, 8),
        bearer(jsonString(response.body(), "access_token"))).statusCode());
    assertEquals(new TokenRequest("POST", Grant.REFRESH_TOKEN, REGISTRY.username(),
        List.of("repository:team/refreshed:pull,push"), false, 200), tokens.requests().get(1));
  }

  @Test
  void redeemsAnIssuedRefreshTokenAsADockerConfigIdentityTokenWould() throws Exception {
    String identityToken = tokens.issueRefreshToken(REGISTRY.username());

    HttpResponse<String> response = tokenPost("grant_type=refresh_token&refresh_token="
        + identityToken + "&scope=" + encode("repository:team/app:pull"));

    assertEquals(200, response.statusCode(), response.body());
    assertEquals(401, tokenPost("grant_type=refresh_token&refresh_token=made-up").statusCode());
  }

  @Test
  void exchangesAPasswordForTokensOverPost() throws Exception {
    String credentials = "grant_type=password&username=" + REGISTRY.username()
        + "&password=" + REGISTRY.password();

    HttpResponse<String> online = tokenPost(credentials + "&scope="
        + encode("repository:team/app:pull repository:team/other:push"));
    HttpResponse<String> offline = tokenPost(credentials + "&access_type=offline");
    HttpResponse<String> wrong = tokenPost("grant_type=password&username=" + REGISTRY.username()
        + "&password=wrong");

    assertEquals(200, online.statusCode(), online.body());
    assertFalse(online.body().contains("refresh_token"), online.body());
    assertEquals("repository:team/app:pull repository:team/other:push",
        jsonString(online.body(), "scope"));
    assertEquals(List.of("repository:team/app:pull", "repository:team/other:push"),
        tokens.requests().get(0).scopes());
    assertTrue(jsonString(offline.body(), "refresh_token").startsWith("refresh-"));
    assertEquals(401, wrong.statusCode());
    assertEquals(Grant.PASSWORD, tokens.requests().get(2).grant());
  }

  @Test
  void rejectsAPostWithoutClientIdOrWithAnUnknownGrant() throws Exception {
    HttpRequest noClientId = HttpRequest.newBuilder(tokens.realm())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&service="
            + tokens.service() + "&username=" + REGISTRY.username() + "&password="
            + REGISTRY.password()))
        .build();

    assertEquals(400, client.send(noClientId, HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(400, tokenPost("grant_type=authorization_code").statusCode());
  }

  private URI tagsList(String repository) {
    return REGISTRY.baseUri().resolve("/v2/" + repository + "/tags/list");
  }

  private String basicUser() {
    return basic(REGISTRY.username(), REGISTRY.password());
  }

  private String getToken(String authorization, String query) throws Exception {
    HttpResponse<String> response = tokenGet(authorization, query);
    assertEquals(200, response.statusCode(), response.body());
    return jsonString(response.body(), "token");
  }

  private HttpResponse<String> tokenGet(String authorization, String query) throws Exception {
    URI uri = URI.create(tokens.realm() + "?service=" + tokens.service() + "&" + query);
    return get(client, uri, authorization);
  }

  private HttpResponse<String> tokenPost(String form) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(tokens.realm())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(
            form + "&service=" + tokens.service() + "&client_id=bundle-tests"))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
