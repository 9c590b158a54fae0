package dev.airgap.bundle.importer.ledger;

import static dev.airgap.bundle.importer.ledger.Bundles.T0;
import static dev.airgap.bundle.importer.ledger.Bundles.digest;
import static dev.airgap.bundle.importer.ledger.Bundles.imported;
import static dev.airgap.bundle.importer.ledger.Bundles.index;
import static dev.airgap.bundle.importer.ledger.Bundles.tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.importer.ledger.ReplayException.Reason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ledger after an import, as a pure function of the ledger before. */
class RecordImportTest {
  private static final Instant T1 = T0.plusSeconds(60);

  @Test
  void theFirstImportStartsTheHistoryAndTheChannel() {
    Ledger next = Ledger.empty().recordImport(index("b1", "stable", 3), digest("b1"),
        List.of(tag("org/etcd", "v3", "m1", "b1")), List.of(), T1);
    assertEquals(List.of(new LedgerBundle("b1", "stable", 3, digest("b1"), T1)), next.bundles());
    assertEquals(Map.of("stable", new ChannelState(3, digest("b1"), "b1")), next.channels());
    assertEquals(List.of(tag("org/etcd", "v3", "m1", "b1")), next.tags());
  }

  @Test
  void aHigherSequenceRaisesTheMark() {
    Ledger next = imported(index("b3", "stable", 3), index("b4", "stable", 4));
    assertEquals(new ChannelState(4, digest("b4"), "b4"), next.channel("stable").orElseThrow());
    assertEquals(2, next.bundles().size());
  }

  @Test
  void anAllowedDowngradeKeepsTheHighestMarkAndShowsInTheHistory() {
    Ledger before = imported(index("b3", "stable", 3), index("b7", "stable", 7));
    Ledger next = before.recordImport(index("b5", "stable", 5), digest("b5"), List.of(), List.of(), T1);
    assertEquals(new ChannelState(7, digest("b7"), "b7"), next.channel("stable").orElseThrow());
    assertEquals(new LedgerBundle("b5", "stable", 5, digest("b5"), T1), next.bundles().get(2));
    // So the next older bundle still needs the flag: the mark remembers the newest release accepted.
    ReplayException e = assertThrows(ReplayException.class,
        () -> ReplayCheck.check(next, index("b6", "stable", 6), digest("b6"), T1, false, false));
    assertEquals(Reason.DOWNGRADE, e.reason());
  }

  @Test
  void aReimportIsRecordedWithoutMovingTheMark() {
    Ledger before = imported(index("b3", "stable", 3));
    Ledger next = before.recordImport(index("b3", "stable", 3), digest("b3"), List.of(), List.of(), T1);
    assertEquals(before.channels(), next.channels());
    assertEquals(List.of(T0, T1), next.bundles().stream().map(LedgerBundle::importedAt).toList());
  }

  @Test
  void channelsMoveIndependently() {
    Ledger next = imported(index("s5", "stable", 5), index("e1", "edge", 1));
    assertEquals(5, next.channel("stable").orElseThrow().sequence());
    assertEquals(1, next.channel("edge").orElseThrow().sequence());
    assertEquals(List.of("edge", "stable"), List.copyOf(next.channels().keySet()), "sorted by name");
  }

  @Test
  void aConflictingSequenceIsNeverRecorded() {
    Ledger before = imported(index("b3", "stable", 3));
    ReplayException e = assertThrows(ReplayException.class,
        () -> before.recordImport(index("x3", "stable", 3), digest("x3"), List.of(), List.of(), T1));
    assertEquals(Reason.SAME_SEQUENCE_DIFFERENT_CONTENT, e.reason());
  }

  @Test
  void tagsAreReplacedPerRepositoryAndTagAndPrunedOnesDropped() {
    Ledger before = Ledger.empty().recordImport(index("b1", "stable", 1), digest("b1"),
        List.of(tag("org/etcd", "v3", "m1", "b1"), tag("org/etcd", "latest", "m1", "b1"),
            tag("org/agent", "1.0", "a1", "b1")),
        List.of(), T0);
    Ledger next = before.recordImport(index("b2", "stable", 2), digest("b2"),
        List.of(tag("org/etcd", "latest", "m2", "b2"), tag("org/etcd", "v3.1", "m2", "b2"),
            tag("org/agent", "1.0", "a1", "b1")),
        List.of(tag("org/etcd", "v3", "m1", "b1")), T1);
    assertEquals(List.of(
        tag("org/agent", "1.0", "a1", "b1"),
        tag("org/etcd", "latest", "m2", "b2"),
        tag("org/etcd", "v3.1", "m2", "b2")), next.tags());
    assertEquals(tag("org/etcd", "latest", "m2", "b2"), next.tag("org/etcd", "latest").orElseThrow());
    assertTrue(next.tag("org/etcd", "v3").isEmpty());
  }

  @Test
  void onlyRecordedTagsMayBePruned() {
    Ledger before = imported(index("b1", "stable", 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> before.recordImport(index("b2", "stable", 2), digest("b2"), List.of(),
            List.of(tag("org/etcd", "by-hand", "m9", "b1")), T1));
    assertEquals("pruned tag org/etcd:by-hand is not recorded in the ledger; prune may only remove tags this tool"
        + " created", e.getMessage());
  }

  @Test
  void aTagCannotBeBothSetAndPrunedOrSetTwice() {
    Ledger before = Ledger.empty().recordImport(index("b1", "stable", 1), digest("b1"),
        List.of(tag("org/etcd", "v3", "m1", "b1")), List.of(), T0);
    assertThrows(IllegalArgumentException.class, () -> before.recordImport(index("b2", "stable", 2), digest("b2"),
        List.of(tag("org/etcd", "v3", "m2", "b2")), List.of(tag("org/etcd", "v3", "m1", "b1")), T1));
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> before.recordImport(index("b2", "stable", 2), digest("b2"),
            List.of(tag("org/etcd", "v4", "m2", "b2"), tag("org/etcd", "v4", "m3", "b2")), List.of(), T1));
    assertEquals("the tags set or kept: org/etcd:v4 appears twice", twice.getMessage());
  }

  @Test
  void equalContentMakesEqualLedgersWhateverTheOrder() {
    Ledger a = new Ledger(1, List.of(), Map.of("b", new ChannelState(1, digest("x"), "x"),
        "a", new ChannelState(2, digest("y"), "y")),
        List.of(tag("org/b", "1", "m", "x"), tag("org/a", "2", "m", "x")));
    Ledger b = new Ledger(1, List.of(), Map.of("a", new ChannelState(2, digest("y"), "y"),
        "b", new ChannelState(1, digest("x"), "x")),
        List.of(tag("org/a", "2", "m", "x"), tag("org/b", "1", "m", "x")));
    assertEquals(a, b);
    assertEquals(new String(LedgerJson.write(a)), new String(LedgerJson.write(b)));
  }
}
