package dev.airgap.bundle.importer.ledger;

import static dev.airgap.bundle.importer.ledger.Bundles.T0;
import static dev.airgap.bundle.importer.ledger.Bundles.digest;
import static dev.airgap.bundle.importer.ledger.Bundles.imported;
import static dev.airgap.bundle.importer.ledger.Bundles.index;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.importer.ledger.ReplayException.Reason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Rollback protection: what the ledger lets through, what it refuses, and what each flag allows. */
class ReplayCheckTest {
  private final Ledger seven = imported(index("b5", "stable", 5), index("b7", "stable", 7));

  @Test
  void anEmptyLedgerAcceptsAnySequence() {
    assertDoesNotThrow(() -> check(Ledger.empty(), index("b1", "stable", 0), false, false));
  }

  @Test
  void aHigherSequenceIsAccepted() {
    assertDoesNotThrow(() -> check(seven, index("b8", "stable", 8), false, false));
  }

  @Test
  void channelsAreIndependent() {
    assertDoesNotThrow(() -> check(seven, index("e1", "edge", 1), false, false));
  }

  @Test
  void aDowngradeIsRefusedWithChannelSequencesAndFlag() {
    ReplayException e = refused(seven, index("b6", "stable", 6), false, false);
    assertEquals(Reason.DOWNGRADE, e.reason());
    assertInstanceOf(IntegrityException.class, e);
    assertEquals("bundle b6 is sequence 6 of channel 'stable', older than sequence 7 (bundle b7) already"
        + " imported into this target, so it could roll the target back; pass --allow-downgrade to import an"
        + " older release on purpose", e.getMessage());
  }

  @Test
  void aReplayOfAnOlderImportedBundleIsADowngrade() {
    ReplayException e = refused(seven, index("b5", "stable", 5), false, false);
    assertEquals(Reason.DOWNGRADE, e.reason());
  }

  @Test
  void allowDowngradePermitsAnOlderBundle() {
    assertDoesNotThrow(() -> check(seven, index("b6", "stable", 6), true, false));
    assertDoesNotThrow(() -> check(seven, index("b5", "stable", 5), true, false));
  }

  @Test
  void theSameSequenceWithAnotherIndexIsAnAlarm() {
    BundleIndex forged = index("x7", "stable", 7);
    ReplayException e = refused(seven, forged, false, false);
    assertEquals(Reason.SAME_SEQUENCE_DIFFERENT_CONTENT, e.reason());
    String message = e.getMessage();
    assertTrue(message.startsWith("bundle x7 claims sequence 7 of channel 'stable', which this target already"
        + " imported with different content (index " + digest("b7") + " of bundle b7, now " + digest("x7") + ")"),
        message);
    assertTrue(message.contains("may be a replay or a signing-key compromise"), message);
    assertTrue(message.contains("no flag overrides it"), message);
  }

  @Test
  void noFlagOverridesTheAlarm() {
    ReplayException e = refused(seven, index("x7", "stable", 7), true, true);
    assertEquals(Reason.SAME_SEQUENCE_DIFFERENT_CONTENT, e.reason());
  }

  @Test
  void theAlarmAlsoCoversOlderSequencesInTheHistory() {
    // Sequence 5 is below the mark, so a downgrade; but another index under 5 is the alarm.
    ReplayException e = refused(seven, index("x5", "stable", 5), true, false);
    assertEquals(Reason.SAME_SEQUENCE_DIFFERENT_CONTENT, e.reason());
    assertTrue(e.getMessage().contains("of bundle b5"), e.getMessage());
  }

  @Test
  void theSameSequenceWithTheSameIndexIsAReimport() {
    assertDoesNotThrow(() -> check(seven, index("b7", "stable", 7), false, false));
  }

  @Test
  void anExpiredBundleIsRefusedWithItsExpiryAndFlag() {
    Instant expires = T0.minus(Duration.ofDays(1));
    ReplayException e = refused(Ledger.empty(), index("b1", "stable", 1, expires), false, false);
    assertEquals(Reason.EXPIRED, e.reason());
    assertEquals("bundle b1 (sequence 1 of channel 'stable') expired at 2026-02-28T12:00:00Z and it is now"
        + " 2026-03-01T12:00:00Z; pass --allow-expired to import it anyway", e.getMessage());
  }

  @Test
  void allowExpiredPermitsAnExpiredBundle() {
    BundleIndex old = index("b1", "stable", 1, T0.minusSeconds(1));
    assertDoesNotThrow(() -> check(Ledger.empty(), old, false, true));
  }

  @Test
  void aBundleIsValidUpToItsExpiryInstant() {
    assertDoesNotThrow(() -> check(Ledger.empty(), index("b1", "stable", 1, T0), false, false));
    assertDoesNotThrow(() -> check(Ledger.empty(), index("b1", "stable", 1, T0.plusSeconds(1)), false, false));
  }

  @Test
  void anExpiredDowngradeNeedsBothFlags() {
    BundleIndex oldAndExpired = index("b6", "stable", 6, T0.minusSeconds(1));
    assertEquals(Reason.DOWNGRADE, refused(seven, oldAndExpired, false, true).reason());
    assertEquals(Reason.EXPIRED, refused(seven, oldAndExpired, true, false).reason());
    assertDoesNotThrow(() -> check(seven, oldAndExpired, true, true));
  }

  private static void check(Ledger ledger, BundleIndex index, boolean allowDowngrade, boolean allowExpired) {
    ReplayCheck.check(ledger, index, digest(index.bundleId()), T0, allowDowngrade, allowExpired);
  }

  private static ReplayException refused(Ledger ledger, BundleIndex index, boolean allowDowngrade,
      boolean allowExpired) {
    return assertThrows(ReplayException.class, () -> check(ledger, index, allowDowngrade, allowExpired));
  }
}
