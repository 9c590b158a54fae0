package dev.airgap.bundle.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DigestTest {
  private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void parsesAndPrintsSha256() {
    Digest d = Digest.parse("sha256:" + HEX);
    assertEquals("sha256", d.algorithm());
    assertEquals("sha256:" + HEX, d.toString());
    assertEquals(d, Digest.sha256(new byte[0]));
  }

  @Test
  void acceptsSha512() {
    String hex = "a".repeat(128);
    assertEquals("sha512:" + hex, Digest.parse("sha512:" + hex).toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555",
        "sha256:../x",
        "sha256:../../../../etc/passwd",
        "md5:d41d8cd98f00b204e9800998ecf8427e",
        "SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85/",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        ":e3b0",
        "sha256:",
        "sha512:abcd",
        ""
      })
  void rejectsMalformedDigests(String text) {
    InvalidDigestException e = assertThrows(InvalidDigestException.class, () -> Digest.parse(text));
    assertTrue(e.getMessage().contains("not a valid digest"), e.getMessage());
    assertTrue(Digest.tryParse(text).isEmpty());
  }

  @Test
  void matchesComparesContent() {
    byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
    Digest d = Digest.sha256(hello);
    assertTrue(d.matches(hello));
    assertFalse(d.matches("hellO".getBytes(StandardCharsets.UTF_8)));
  }
}
