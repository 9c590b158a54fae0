package dev.airgap.bundle.exporter.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {
  @ParameterizedTest
  @ValueSource(strings = {"1", "1.2", "1.2.3", "0.0.1", "1.2.3.4", "1.2.3-rc.1", "1.0.0-alpha-1.x.7", "10.20.30-0"})
  void parsesAndPrintsAsWritten(String text) {
    assertEquals(text, Version.parse(text).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "1.", ".1", "1..2", "01.2", "1.02", "-1", "1.2.3-", "1.2.3-rc..1", "1.2.3-01",
      "1.2.3-rc_1", "1.x", "1.2 ", " 1.2", "1,2", "99999999999999999999"})
  void rejectsWhatIsNotAVersion(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Version.parse(text));
    assertTrue(e.getMessage().contains("is not a version"), e.getMessage());
  }

  @Test
  void explainsCommonMistakes() {
    assertTrue(message("v1.2.3").contains("without the leading 'v'"));
    assertTrue(message("1.2.3+build.5").contains("build metadata"));
    assertTrue(message("01.2").contains("no leading zeros"));
    assertTrue(message("1.2.3-01").contains("no leading zeros"));
  }

  @Test
  void ordersAsSemverDoes() {
    // The precedence example of semver.org section 11, shuffled and sorted back.
    List<String> expected = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
        "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2", "1.9.0", "1.10.0", "2");
    List<Version> versions = new ArrayList<>(expected.stream().map(Version::parse).toList());
    Collections.shuffle(versions, new java.util.Random(42));
    Collections.sort(versions);
    assertEquals(expected, versions.stream().map(Version::toString).toList());
  }

  @Test
  void missingNumbersAreZero() {
    Version short_ = Version.parse("1.2");
    Version long_ = Version.parse("1.2.0");
    assertEquals(0, short_.compareTo(long_));
    assertTrue(short_.sameAs(long_));
    assertNotEquals(short_, long_, "equals keeps the spelling apart");
    assertTrue(Version.parse("1.2.0.1").compareTo(long_) > 0);
    assertTrue(Version.parse("1.2-rc.1").compareTo(long_) < 0);
    assertEquals(0, Version.parse("1.2").number(2));
  }

  @Test
  void largeNumericIdentifiersCompareNumerically() {
    assertTrue(Version.parse("1.0.0-rc.10").compareTo(Version.parse("1.0.0-rc.9")) > 0);
    assertTrue(Version.parse("1.0.0-rc.123456789012345678901234567890")
        .compareTo(Version.parse("1.0.0-rc.99999999999999999999999999999")) > 0);
  }

  private static String message(String text) {
    return assertThrows(IllegalArgumentException.class, () -> Version.parse(text)).getMessage();
  }
}
