package dev.airgap.bundle.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VerifyingInputStreamTest {
  private final byte[] content = "the quick brown fox".getBytes();
  private final Digest digest = Digest.sha256(content);

  @Test
  void passesExactContent() throws IOException {
    try (InputStream in = new VerifyingInputStream(new ByteArrayInputStream(content), digest, content.length, "blob")) {
      assertArrayEquals(content, in.readAllBytes());
    }
  }

  @Test
  void failsOnFlippedByte() {
    byte[] flipped = content.clone();
    flipped[3] ^= 1;
    var e = assertThrows(DigestMismatchException.class, () -> readAll(flipped, content.length));
    assertTrue(e.getMessage().contains("was expected"), e.getMessage());
  }

  @Test
  void failsOnShortContent() {
    var e = assertThrows(DigestMismatchException.class, () -> readAll(Arrays.copyOf(content, 5), content.length));
    assertTrue(e.getMessage().contains("ended after 5"), e.getMessage());
  }

  @Test
  void stopsAtTheDeclaredSizeWithoutReadingOn() {
    // An endless source must fail at the size boundary, not be read without bound.
    InputStream endless = new InputStream() {
      @Override
      public int read() {
        return 'x';
      }
    };
    var in = new VerifyingInputStream(endless, digest, 10, "blob");
    var e = assertThrows(DigestMismatchException.class, in::readAllBytes);
    assertTrue(e.getMessage().contains("larger than its declared size"), e.getMessage());
  }

  private void readAll(byte[] source, long size) throws IOException {
    try (InputStream in = new VerifyingInputStream(new ByteArrayInputStream(source), digest, size, "blob")) {
      in.readAllBytes();
    }
  }
}
