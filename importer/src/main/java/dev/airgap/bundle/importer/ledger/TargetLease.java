package dev.airgap.bundle.importer.ledger;

import dev.airgap.bundle.format.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A lease this importer holds. A daemon thread renews it every third of its lifetime, so a long
 * upload keeps it; {@link #confirm()} checks it is still ours before anything that must not run
 * twice (moving tags, writing the ledger), and {@link #release} gives it back.
 */
public final class TargetLease {
  private final LeaseStore store;
  private final Duration ttl;
  private final ScheduledExecutorService heartbeat;
  private volatile LeaseRecord record;
  private volatile Digest manifest;
  private volatile String lost;
  /** System.nanoTime() after which the written lease may be read back; settled once it was ours. */
  private final long settleAt;
  private boolean settled;

  TargetLease(LeaseStore store, LeaseRecord record, Digest manifest, Duration ttl, long settleAt) {
    this.store = store;
    this.settleAt = settleAt;
    this.record = record;
    this.manifest = manifest;
    this.ttl = ttl;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bundle-lease");
      t.setDaemon(true);
      return t;
    });
    // A third of the lifetime, never more often than every 100 ms whatever the lifetime.
    long period = Math.max(100, ttl.toMillis() / 3);
    heartbeat.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  /** The last ledger manifest this target is known to have had, carried by its leases. */
  public Optional<Digest> lastLedger() {
    return record.ledgerManifest();
  }

  /**
   * Throws unless the lease tag still names this importer's lease.
   *
   * @throws LeaseLostException when another importer took it over
   */
  public synchronized void confirm() {
    if (!settled && !settle()) {
      throw new LeaseContendedException("another importer wrote the target's lease " + store.where() + " right after"
          + " this one, so this one never held it and wrote nothing; it waits for that import and starts over");
    }
    if (lost != null) {
      throw new LeaseLostException(lost);
    }
    Optional<LeaseStore.Held> now = store.read();
    if (now.isEmpty() || !now.get().manifest().equals(manifest)) {
      throw new LeaseLostException(lostMessage(now));
    }
  }

  /**
   * Waits out what is left of the settle time (see {@link LeaseStore}) and reads the lease back:
   * true when it is still this importer's, false when another importer wrote after it (this one
   * then never held it, and stops renewing it).
   */
  public synchronized boolean settle() {
    if (settled) {
      return true;
    }
    long left = settleAt - System.nanoTime();
    if (left > 0) {
      LeaseStore.sleep(Duration.ofNanos(left));
    }
    Optional<LeaseStore.Held> back = store.read();
    if (back.isPresent() && back.get().manifest().equals(manifest)) {
      settled = true;
      return true;
    }
    heartbeat.shutdownNow();
    return false;
  }

  /**
   * Marks the lease released, recording {@code ledger} (or, when null, the ledger it already
   * carried) for the next importer; leaves a lease that another importer took over alone.
   */
  public void release(Digest ledger) {
    heartbeat.shutdownNow();
    try {
      heartbeat.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Optional<LeaseStore.Held> now = store.read();
    if (now.isPresent() && now.get().manifest().equals(manifest)) {
      LeaseRecord held = record;
      store.write(new LeaseRecord(held.owner(), held.acquiredAt(), Instant.now(), true,
          ledger != null ? ledger.toString() : held.ledger()));
    }
  }

  private synchronized void renew() {
    if (lost != null) {
      return;
    }
    try {
      Optional<LeaseStore.Held> now = store.read();
      if (now.isEmpty() || !now.get().manifest().equals(manifest)) {
        lost = lostMessage(now);
        return;
      }
      LeaseRecord held = record;
      LeaseRecord renewed = new LeaseRecord(held.owner(), held.acquiredAt(), Instant.now().plus(ttl), false, held.ledger());
      manifest = store.write(renewed);
      record = renewed;
    } catch (RuntimeException e) {
      // A failed renewal is retried at the next beat; confirm() notices if the lease was lost.
    }
  }

  private String lostMessage(Optional<LeaseStore.Held> now) {
    String who = now.map(h -> "it is now held by " + h.record().owner().describe()).orElse("its tag is gone");
    return "this import lost the target's lease " + store.where() + " (" + who + "), so it stopped before moving"
        + " tags or writing the ledger; run the import again";
  }
}
