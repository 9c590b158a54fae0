package dev.airgap.bundle.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryLifecycleTest {

  @RegisterExtension
  static final RegistryExtension SHARED = RegistryExtension.anonymous();

  @RegisterExtension
  final RegistryExtension perTest = RegistryExtension.anonymous();

  private static String sharedHost;
  private static Path firstPerTestStorage;

  @Test
  @Order(1)
  void startsBothForTheFirstTest() {
    assertTrue(SHARED.isRunning());
    assertTrue(perTest.isRunning());
    assertNotEquals(SHARED.host(), perTest.host());
    sharedHost = SHARED.host();
    firstPerTestStorage = perTest.storageDir();

    SHARED.kill();
  }

  @Test
  @Order(2)
  void keepsTheClassRegistryAndRenewsTheTestRegistry() {
    assertTrue(SHARED.isRunning(), "restarted after the previous test killed it");
    assertEquals(sharedHost, SHARED.host());
    assertNotEquals(firstPerTestStorage, perTest.storageDir());
    assertFalse(Files.exists(firstPerTestStorage), "a per-test registry's files are removed");
  }

  @Test
  @Order(3)
  void attachesTheRegistryLogToAFailure() {
    AssertionError failure = new AssertionError("boom");

    AssertionError thrown = assertThrows(AssertionError.class,
        () -> SHARED.handleTestExecutionException(null, failure));

    assertSame(failure, thrown);
    String attached = thrown.getSuppressed()[0].getMessage();
    assertTrue(attached.contains("registry " + SHARED.host()), attached);
    assertTrue(attached.contains(SHARED.logFile().toString()), attached);
  }
}
