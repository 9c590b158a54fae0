package dev.airgap.bundle.testing;

import static dev.airgap.bundle.testing.TestHttp.basic;
import static dev.airgap.bundle.testing.TestHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry a client must refuse to send credentials to: Basic auth over plain HTTP. */
class PlainHttpHtpasswdRegistryTest {

  @RegisterExtension
  static final RegistryExtension REGISTRY = RegistryExtension.builder().htpasswd().plainHttp()
      .build();

  @Test
  void challengesForBasicCredentialsOverPlainHttp() throws Exception {
    URI ping = REGISTRY.baseUri().resolve("/v2/");

    assertFalse(REGISTRY.isTls());
    assertEquals("http", ping.getScheme());
    assertEquals(401, get(TestHttp.plainClient(), ping, null).statusCode());
    assertEquals(200, get(TestHttp.plainClient(), ping,
        basic(REGISTRY.username(), REGISTRY.password())).statusCode());
  }
}
