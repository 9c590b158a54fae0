package dev.airgap.bundle.exporter.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseSelectorTest {
  private static final List<Version> ALL = List.of("0.9", "1.0.0", "1.1.0-rc.1", "1.1.0", "1.1.5", "1.2.0",
      "1.3.0-rc.1", "1.3.0", "2.0.0").stream().map(Version::parse).toList();

  private static List<String> matching(String selector) {
    ReleaseSelector s = ReleaseSelector.parse(selector);
    return ALL.stream().filter(s::matches).map(Version::toString).toList();
  }

  @Test
  void exactVersions() {
    assertInstanceOf(ReleaseSelector.Exact.class, ReleaseSelector.parse("1.1.0"));
    assertEquals(List.of("1.1.0"), matching("1.1.0"));
    assertEquals(List.of("1.1.0"), matching("1.1"), "1.1 is 1.1.0");
    assertEquals(List.of("1.1.0-rc.1"), matching("1.1.0-rc.1"));
    assertEquals(List.of("0.9"), matching("0.9.0"));
    assertEquals(List.of(), matching("1.4.0"));
  }

  @Test
  void wildcards() {
    assertEquals(List.of("1.0.0", "1.1.0-rc.1", "1.1.0", "1.1.5", "1.2.0", "1.3.0-rc.1", "1.3.0"), matching("1.x"));
    assertEquals(matching("1.x"), matching("1.*"));
    assertEquals(matching("1.x"), matching("1.X.x"));
    assertEquals(List.of("1.1.0-rc.1", "1.1.0", "1.1.5"), matching("1.1.x"));
    assertEquals(List.of("0.9"), matching("0.9.x"), "0.9 counts as 0.9.0");
    assertEquals(ALL.size(), matching("x").size());
    assertEquals(ALL.size(), matching("*").size());
    assertEquals("1.2.x", ReleaseSelector.parse("1.2.*").toString());
  }

  @Test
  void rangesAreConjunctions() {
    assertInstanceOf(ReleaseSelector.Range.class, ReleaseSelector.parse(">=1.1 <1.3"));
    // Prereleases sit where semver puts them: 1.3.0-rc.1 is below 1.3.0, 1.1.0-rc.1 below 1.1.
    assertEquals(List.of("1.1.0", "1.1.5", "1.2.0", "1.3.0-rc.1"), matching(">=1.1 <1.3"));
    assertEquals(List.of("1.1.5", "1.2.0"), matching(">1.1.0 <=1.2"));
    assertEquals(List.of("1.3.0", "2.0.0"), matching(">=1.3.0"));
    assertEquals(List.of("1.2.0"), matching("=1.2"));
    assertEquals(List.of("1.1.0", "1.1.5", "1.2.0"), matching(">= 1.1   < 1.3.0-rc.1"), "spaces after operators are fine");
    assertEquals(List.of("1.1.0-rc.1", "1.1.0"), matching(">=1.1.0-rc.1 <=1.1.0"));
    assertEquals(List.of(), matching(">2 <1"));
  }

  @Test
  void commaListsAreUnions() {
    ReleaseSelector s = ReleaseSelector.parse("0.9, 1.1.x,>=2");
    assertInstanceOf(ReleaseSelector.AnyOf.class, s);
    assertEquals("0.9, 1.1.x, >=2", s.toString());
    assertEquals(List.of("0.9", "1.1.0-rc.1", "1.1.0", "1.1.5", "2.0.0"), matching("0.9, 1.1.x,>=2"));
    assertEquals(List.of("1.0.0", "1.2.0", "1.3.0-rc.1", "1.3.0"), matching(">=1.2 <2, 1.0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "1.2,", ",1.2", "1.2,,1.3", "1.x.3", "x.1", "v1.2", "^1.2", "~1.2", ">=1.x",
      "1.2 1.3", ">=1.1 1.3", ">=", ">=1.1 <", "1.2.3 - 1.4", "latest", "1.2.3+b", "=>1.2"})
  void rejectsWhatItCannotRead(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReleaseSelector.parse(text));
    assertTrue(e.getMessage().length() > 20, e.getMessage());
  }

  @Test
  void errorMessagesSayWhatIsAccepted() {
    assertTrue(message("^1.2").contains("^ and ~ ranges are not supported"));
    assertTrue(message("1.2 1.3").contains("separate alternatives with commas"));
    assertTrue(message(">=1.x").contains("comparisons take exact versions"));
    assertTrue(message("1.x.3").contains("only the last numbers may be x"));
    assertTrue(message("latest").contains("a wildcard (1.x, 1.2.x, x)"));
  }

  private static String message(String text) {
    return assertThrows(IllegalArgumentException.class, () -> ReleaseSelector.parse(text)).getMessage();
  }
}
