package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private final Redactor redactor =
      Redactor.of(List.of(Secret.of("s3cret-password"), Secret.of("s3cret"), Secret.of("")));

  @Test
  void everyWholeSecretIsMaskedLongestFirst() {
    assertEquals("a **** b **** c", redactor.redact("a s3cret-password b s3cret c"));
  }

  @Test
  void redactionComesBeforeTheCut() {
    assertEquals("xxxx ****", redactor.shorten("xxxx s3cret-password", 10));
  }

  @Test
  void aCutThroughTheBeginningOfASecretMasksThatBeginning() {
    // Only part of the secret was echoed, so no whole secret is left to find; the cut still must
    // not show its first characters.
    assertEquals("xxxx ****…", redactor.shorten("xxxx s3cre", 9));
    assertEquals("xxxx ab…", redactor.shorten("xxxx abcdef", 7));
  }
}
