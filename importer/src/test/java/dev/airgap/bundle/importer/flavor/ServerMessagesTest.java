package dev.airgap.bundle.importer.flavor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServerMessagesTest {
  @Test
  void eachProductsErrorShape() {
    assertEquals("Repository already exists",
        ServerMessages.summary("{\"detail\":\"x\",\"error_message\":\"Repository already exists\"}"));
    assertEquals("The project named p already exists",
        ServerMessages.summary("{\"errors\":[{\"code\":\"CONFLICT\",\"message\":\"The project named p already exists\"}]}"));
    assertEquals("Name is already used",
        ServerMessages.summary("[{\"id\":\"name\",\"message\":\"Name is already used\"}]"));
    assertEquals("plain words", ServerMessages.summary("plain words\n"));
  }

  @Test
  void noiseIsDropped() {
    assertEquals("", ServerMessages.summary(""));
    assertEquals("", ServerMessages.summary("<html><body>502 Bad Gateway</body></html>"));
    assertEquals("a b", ServerMessages.summary("a\r\n\tb"));
    assertEquals("x".repeat(200) + "…", ServerMessages.summary("x".repeat(5000)));
  }
}
