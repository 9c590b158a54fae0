package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengeTest {
  @Test
  void parsesBearerWithQuotedScopeContainingSpacesAndCommas() {
    List<Challenge> all = Challenge.parseAll(
        "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push repository:c:pull\"");
    assertEquals(1, all.size());
    Challenge c = all.get(0);
    assertTrue(c.isBearer());
    assertEquals("https://auth.example/token", c.param("realm").orElseThrow());
    assertEquals("repository:a/b:pull,push repository:c:pull", c.param("scope").orElseThrow());
  }

  @Test
  void parsesSeveralChallengesAndEscapes() {
    List<Challenge> all = Challenge.parseAll("Basic realm=\"Registry \\\"Realm\\\"\", Bearer realm=\"https://x/t\", service=s");
    assertEquals(2, all.size());
    assertTrue(all.get(0).isBasic());
    assertEquals("Registry \"Realm\"", all.get(0).param("realm").orElseThrow());
    assertEquals("s", all.get(1).param("service").orElseThrow());
  }

  @Test
  void toleratesNothing() {
    assertTrue(Challenge.parseAll(null).isEmpty());
    assertTrue(Challenge.parseAll("  ").isEmpty());
  }
}
