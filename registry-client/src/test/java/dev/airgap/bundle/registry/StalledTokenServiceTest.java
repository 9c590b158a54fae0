package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.testing.RegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token service is a server like the registry: one that sends the start of a token and then
 * goes silent must fail the request within the idle timeout, not hang the command.
 */
class StalledTokenServiceTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.token();

  private static final RetryPolicy FAST =
      new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(1));

  @TempDir Path temp;

  @AfterEach
  void unstall() {
    registry.tokenServer().stallBodyAfter(-1);
  }

  @Test
  void aTokenAnswerThatStallsMidBodyFailsWithinTheTimeout() throws Exception {
    RegistryClient client = RegistryClient.builder(
            RegistrySettings.secure(registry.host()).withCaFile(registry.caCertificate()))
        .credentials(AuthAndTlsTest.basic(registry.host(), registry.username(), registry.password(), temp))
        .retry(FAST)
        .timeout(Duration.ofMillis(700))
        .build();
    registry.tokenServer().stallBodyAfter(10);

    RegistryException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> assertThrows(RegistryException.class, () -> client.pullManifest("stalled/app", "1.0")));

    assertTrue(e.getMessage().contains("token request") && e.getMessage().contains("sent nothing for"),
        e.getMessage());
    assertFalse(e.getMessage().contains("Exception"), "no Java exception text: " + e.getMessage());
  }
}
