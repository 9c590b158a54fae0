package dev.airgap.bundle.importer.flavor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.registry.Redactor;
import dev.airgap.bundle.registry.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerMessagesTest {
  private static String summary(String body) {
    return ServerMessages.summary(body, Redactor.of(List.of()));
  }

  @Test
  void aSecretIsScrubbedBeforeTheMessageIsCut() {
    Redactor redactor = Redactor.of(List.of(Secret.of(Canary.PASSWORD)));
    for (int padding = 170; padding <= 200; padding++) {
      String summary = ServerMessages.summary("{\"message\":\"" + "x".repeat(padding) + Canary.PASSWORD + "\"}", redactor);
      assertFalse(summary.contains(Canary.PASSWORD.substring(0, 8)), summary);
      assertTrue(summary.startsWith("x".repeat(Math.min(padding, 200))), summary);
    }
  }

  @Test
  void eachProductsErrorShape() {
    assertEquals("Repository already exists",
        summary("{\"detail\":\"x\",\"error_message\":\"Repository already exists\"}"));
    assertEquals("The project named p already exists",
        summary("{\"errors\":[{\"code\":\"CONFLICT\",\"message\":\"The project named p already exists\"}]}"));
    assertEquals("Name is already used",
        summary("[{\"id\":\"name\",\"message\":\"Name is already used\"}]"));
    assertEquals("plain words", summary("plain words\n"));
  }

  @Test
  void noiseIsDropped() {
    assertEquals("", summary(""));
    assertEquals("", summary("<html><body>502 Bad Gateway</body></html>"));
    assertEquals("a b", summary("a\r\n\tb"));
    assertEquals("x".repeat(200) + "…", summary("x".repeat(5000)));
  }
}
