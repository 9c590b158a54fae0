package dev.airgap.bundle.importer.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.testing.RegistryExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The target's lease in a real registry: one holder at a time, races, takeover, release. */
class LeaseStoreTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  /** A fresh client is a fresh importing machine. */
  private static RegistryClient machine() {
    return RegistryClient.builder(RegistrySettings.secure(registry.host()).withPlainHttp(true)).build();
  }

  private static LeaseOwner owner(String name) {
    return new LeaseOwner(name + "-host", 1, name);
  }

  @Test
  void twoImportersRacingForAFreeLeaseNeverBothHoldIt() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 4; round++) {
        String repository = "race" + round + "/bundle-ledger";
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TargetLease>> attempts = new ArrayList<>();
        for (String name : List.of("a", "b")) {
          attempts.add(threads.submit(() -> {
            start.await();
            try {
              return new LeaseStore(machine(), repository).acquire(owner(name), Duration.ofMinutes(1), Duration.ZERO, w -> {});
            } catch (LeaseHeldException refused) {
              return null;
            }
          }));
        }
        start.countDown();
        List<TargetLease> held = new ArrayList<>();
        for (Future<TargetLease> attempt : attempts) {
          if (attempt.get() != null) {
            held.add(attempt.get());
          }
        }
        assertEquals(1, held.size(), "round " + round + ": exactly one importer holds the lease");
        held.get(0).confirm();
        held.get(0).release(null);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aReleasedLeaseIsFreeAndCarriesTheLedgerItRecorded() {
    LeaseStore store = new LeaseStore(machine(), "released/bundle-ledger");
    TargetLease first = store.acquire(owner("a"), Duration.ofMinutes(1), Duration.ZERO, w -> {});
    assertTrue(first.lastLedger().isEmpty(), "a new target had no ledger");
    Digest ledger = Digest.sha256("a ledger manifest".getBytes());
    first.release(ledger);
    assertTrue(store.current().orElseThrow().released());

    List<String> warnings = new ArrayList<>();
    TargetLease second = store.acquire(owner("b"), Duration.ofMinutes(1), Duration.ZERO, warnings::add);
    assertEquals(List.of(), warnings, "a released lease is taken without a warning");
    assertEquals(ledger, second.lastLedger().orElseThrow(), "the ledger is carried to the next lease");
    second.release(null);
    assertEquals(ledger, store.current().orElseThrow().ledgerManifest().orElseThrow());
  }

  @Test
  void aHolderWhoseLeaseWasTakenOverStopsAndLeavesTheNewLeaseAlone() {
    LeaseStore store = new LeaseStore(machine(), "lost/bundle-ledger");
    TargetLease mine = store.acquire(owner("a"), Duration.ofMinutes(1), Duration.ZERO, w -> {});
    // Another importer takes it over (as after an expiry this one missed).
    Instant now = Instant.now();
    store.write(new LeaseRecord(owner("b"), now, now.plus(Duration.ofMinutes(1)), false, ""));

    LeaseLostException lost = assertThrows(LeaseLostException.class, mine::confirm);
    assertTrue(lost.getMessage().contains("b-host"), lost.getMessage());
    mine.release(null);
    LeaseRecord current = store.current().orElseThrow();
    assertEquals("b", current.owner().id());
    assertFalse(current.released(), "releasing a lost lease does not release the new holder's");
  }

  @Test
  void aLeaseOverwrittenBeforeItSettledIsNeverHeldAndLeftAlone() {
    LeaseStore store = new LeaseStore(machine(), "unsettled/bundle-ledger");
    TargetLease mine = store.acquireUnsettled(owner("a"), Duration.ofMinutes(1), Duration.ZERO, w -> {});
    // Another importer that found the lease free too writes right after this one.
    Instant now = Instant.now();
    store.write(new LeaseRecord(owner("b"), now, now.plus(Duration.ofMinutes(1)), false, ""));

    assertThrows(LeaseContendedException.class, mine::confirm);
    mine.release(null);
    LeaseRecord current = store.current().orElseThrow();
    assertEquals("b", current.owner().id());
    assertFalse(current.released(), "the loser does not release the winner's lease");
  }

  @Test
  void anUnsettledLeaseNobodyContestedIsHeldAtItsFirstConfirm() {
    LeaseStore store = new LeaseStore(machine(), "settles/bundle-ledger");
    TargetLease mine = store.acquireUnsettled(owner("a"), Duration.ofMinutes(1), Duration.ZERO, w -> {});
    mine.confirm();
    assertTrue(mine.settle());
    mine.release(null);
    assertTrue(store.current().orElseThrow().released());
  }
}
