package dev.airgap.bundle.importer.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The wait before reading a written lease back follows the registry's own speed, within bounds. */
class LeaseSettleTest {
  @Test
  void aFastRegistryWaitsTheMinimumNotASecond() {
    assertEquals(LeaseStore.SETTLE_MIN, LeaseStore.settle(Duration.ofMillis(3)));
  }

  @Test
  void theWaitIsSeveralTimesTheReadToWriteTime() {
    assertEquals(Duration.ofMillis(100L * LeaseStore.SETTLE_FACTOR), LeaseStore.settle(Duration.ofMillis(100)));
  }

  @Test
  void aSlowRegistryStillWaitsNoMoreThanTheMaximum() {
    assertEquals(LeaseStore.SETTLE_MAX, LeaseStore.settle(Duration.ofSeconds(5)));
  }
}
