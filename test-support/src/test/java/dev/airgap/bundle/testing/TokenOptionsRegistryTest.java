package dev.airgap.bundle.testing;

import static dev.airgap.bundle.testing.TestHttp.basic;
import static dev.airgap.bundle.testing.TestHttp.get;
import static dev.airgap.bundle.testing.TestHttp.jsonString;
import static dev.airgap.bundle.testing.TestHttp.pushBlob;
import static dev.airgap.bundle.testing.TestHttp.randomBlob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Token auth over plain HTTP, with a custom lifetime and no anonymous access. */
class TokenOptionsRegistryTest {

  @RegisterExtension
  static final RegistryExtension REGISTRY = RegistryExtension.builder().token().plainHttp()
      .tokenLifetime(Duration.ofSeconds(90)).anonymousTokenActions().build();

  private final HttpClient client = TestHttp.plainClient();

  @Test
  void servesTokensOverPlainHttpWithTheConfiguredLifetime() throws Exception {
    TokenServer tokens = REGISTRY.tokenServer();
    HttpResponse<String> response = get(client, tokenUri("repository:private/app:pull,push"),
        basic(REGISTRY.username(), REGISTRY.password()));

    assertFalse(REGISTRY.isTls());
    assertEquals("http", tokens.realm().getScheme());
    assertEquals(Duration.ofSeconds(90), tokens.tokenLifetime());
    assertTrue(response.body().contains("\"expires_in\":90"), response.body());
    assertEquals(201, pushBlob(client, REGISTRY.baseUri(), "private/app", randomBlob(10, 20),
        "Bearer " + jsonString(response.body(), "token")).statusCode());
  }

  @Test
  void grantsAnonymousCallersNothing() throws Exception {
    HttpResponse<String> response = get(client, tokenUri("repository:private/app:pull"), null);

    HttpResponse<String> denied = get(client,
        REGISTRY.baseUri().resolve("/v2/private/app/tags/list"),
        "Bearer " + jsonString(response.body(), "token"));

    assertEquals(200, response.statusCode(), "an empty grant is not an error");
    assertEquals(401, denied.statusCode());
    assertTrue(denied.headers().firstValue("WWW-Authenticate").orElseThrow()
        .contains("error=\"insufficient_scope\""));
  }

  private URI tokenUri(String scope) {
    TokenServer tokens = REGISTRY.tokenServer();
    return URI.create(tokens.realm() + "?service=" + tokens.service() + "&scope=" + scope);
  }
}
