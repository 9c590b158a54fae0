package dev.airgap.bundle.importer.ledger;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.ImageRef;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.registry.RegistryClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The target's lease: one importer at a time plans, pushes, moves tags and writes the ledger.
 * It is an OCI artifact under the tag {@code lease} of the ledger repository, holding a {@link
 * LeaseRecord} (owner, expiry) that its holder renews while it works and marks released at the
 * end.
 *
 * <p><b>Taking it safely.</b> The distribution API has no conditional PUT, so two importers that
 * both find the lease free may both write it. Each writes its own record (a random id makes the
 * manifest unique), waits a settle time, reads the tag back, and holds the lease only if the
 * tag still names its own manifest; the other sees the winner's record and waits. Both see the
 * same last writer, so at most one proceeds, unless one importer's write lands more than the
 * settle time after it found the lease free. The settle time is {@link #SETTLE_FACTOR} times how
 * long this importer itself took from reading the lease to having written it (the window a
 * competitor that read the same free lease needs to write its own), never less than {@link
 * #SETTLE_MIN} nor more than {@link #SETTLE_MAX}: a fixed second was most of a small import's
 * time on a registry that answers in milliseconds, while a slow registry still gets the full
 * second.
 * That residual window is why the importer also re-reads the ledger after planning and before
 * pushing, and the ledger write still compares what it read.
 *
 * <p>A lease not renewed by its expiry (its importer was killed) is taken over with a warning;
 * so is a live one whose holder is provably gone (a process of this machine and pid namespace
 * that no longer runs, see {@link LeaseOwner#provablyGoneAt}), so a re-run right after a crash
 * need not wait. Expiry is judged by the importing machine's clock; {@link #DEFAULT_TTL} leaves
 * room for skew.
 */
public final class LeaseStore {
  public static final String TAG = "lease";
  public static final String ARTIFACT_TYPE = "application/vnd.airgap.bundle.lease.v1+json";
  /** How long a lease lasts unless renewed; the holder renews it every third of that. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(2);
  /** How a writer's wait before reading its lease back follows its own read-to-write time. */
  static final int SETTLE_FACTOR = 4;
  /** The shortest wait before reading the lease back, however fast the registry answers. */
  static final Duration SETTLE_MIN = Duration.ofMillis(150);
  /** The longest wait before reading the lease back (see the class comment). */
  static final Duration SETTLE_MAX = Duration.ofSeconds(1);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final int MAX_BYTES = 64 * 1024;
  private static final String TITLE = "lease.json";

  private final RegistryClient client;
  private final String repository;
  private final TaggedDocuments documents;

  public LeaseStore(RegistryClient client, String repository) {
    this.client = Objects.requireNonNull(client, "client");
    this.repository = ImageRef.requireValidRepository(Objects.requireNonNull(repository, "repository"));
    this.documents = new TaggedDocuments(client, repository);
  }

  /** A lease record and the manifest it was read from. */
  record Held(LeaseRecord record, Digest manifest) {}

  /** The lease as it is now, released or not; empty when this target never had one. */
  public Optional<LeaseRecord> current() {
    return read().map(Held::record);
  }

  /**
   * Takes the lease for {@code me}, waiting up to {@code maxWait} while another importer holds a
   * live one.
   *
   * @param warnings told about waiting and about taking over a stale lease
   * @throws LeaseHeldException when another importer still holds it after {@code maxWait}
   */
  public TargetLease acquire(LeaseOwner me, Duration ttl, Duration maxWait, Consumer<String> warnings) {
    Instant deadline = Instant.now().plus(maxWait);
    while (true) {
      TargetLease written = acquireUnsettled(me, ttl, Duration.between(Instant.now(), deadline), warnings);
      if (written.settle()) {
        return written;
      }
      // Another importer wrote after us and holds it now: wait for it like any holder.
    }
  }

  /**
   * Writes this importer's lease once it is free, like {@link #acquire}, but returns before the
   * settle time has passed: the caller may do read-only work meanwhile (planning), and the first
   * {@link TargetLease#confirm()}, due before anything is written to the target, waits out the
   * rest of the settle time and reads the lease back. When another importer wrote after us, that
   * confirm throws {@link LeaseContendedException} and the caller starts over.
   */
  public TargetLease acquireUnsettled(LeaseOwner me, Duration ttl, Duration maxWait, Consumer<String> warnings) {
    Instant deadline = Instant.now().plus(maxWait.isNegative() ? Duration.ZERO : maxWait);
    boolean announced = false;
    while (true) {
      long readStarted = System.nanoTime();
      Optional<Held> held = read();
      Instant now = Instant.now();
      if (held.isPresent() && held.get().record().liveAt(now) && !held.get().record().owner().id().equals(me.id())
          && !held.get().record().owner().provablyGoneAt(held.get().record().acquiredAt())) {
        LeaseRecord other = held.get().record();
        if (!now.isBefore(deadline)) {
          throw new LeaseHeldException("the target's lease " + where() + " is held by " + other.owner().describe()
              + " since " + other.acquiredAt() + " and expires at " + other.expiresAt() + ": another import into this"
              + " target is running; run this one again when it has finished (or pass --lease-wait SECONDS to wait"
              + " longer); if that import was killed, its lease is taken over once it expires");
        }
        if (!announced) {
          warnings.accept("waiting up to " + (Duration.between(now, deadline).toMillis() + 999) / 1000
              + " s for the target's lease,"
              + " held by " + other.owner().describe() + " until " + other.expiresAt());
          announced = true;
        }
        sleep(min(POLL, Duration.between(now, deadline)));
        continue;
      }
      if (held.isPresent() && !held.get().record().released() && !held.get().record().owner().id().equals(me.id())) {
        LeaseRecord stale = held.get().record();
        String why = stale.liveAt(now)
            ? "whose process no longer runs on this machine"
            : "which expired at " + stale.expiresAt() + " without being released";
        warnings.accept("taking over the stale lease of " + stale.owner().describe() + ", " + why
            + ": that import was probably killed; check its target with `bundle status` afterwards");
      }
      String ledger = held.map(h -> h.record().ledger()).orElse("");
      LeaseRecord mine = new LeaseRecord(me, now, now.plus(ttl), false, ledger);
      Digest written = write(mine);
      long settleAt = System.nanoTime() + settle(Duration.ofNanos(System.nanoTime() - readStarted)).toNanos();
      return new TargetLease(this, mine, written, ttl, settleAt);
    }
  }

  Optional<Held> read() {
    Optional<Manifest> found = documents.pull(TAG);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    String what = "the lease " + where();
    Descriptor layer = LedgerArtifact.documentLayer(found.get(), what, ARTIFACT_TYPE, MAX_BYTES, "lease");
    byte[] json = documents.read(layer, what);
    return Optional.of(new Held(LedgerJson.readStrict(json, LeaseRecord.class, MAX_BYTES, what, "lease"),
        found.get().digest()));
  }

  /**
   * Puts {@code record} under the lease tag unconditionally and returns its manifest digest.
   * Importers use {@link #acquire}; this is for the holder's own renewals and for setting a
   * target's lease by hand (tests, recovery).
   */
  public Digest write(LeaseRecord record) {
    byte[] json = LedgerJson.writeDocument(record);
    Digest blob = documents.pushBlobs(json);
    Manifest manifest = LedgerArtifact.artifact(ARTIFACT_TYPE, blob, json.length, TITLE, Map.of());
    client.pushManifest(repository, TAG, manifest);
    return manifest.digest();
  }

  /** How long to wait before reading back a lease whose read and write took {@code readToWrite}. */
  static Duration settle(Duration readToWrite) {
    Duration scaled = readToWrite.multipliedBy(SETTLE_FACTOR);
    return scaled.compareTo(SETTLE_MIN) < 0 ? SETTLE_MIN : scaled.compareTo(SETTLE_MAX) > 0 ? SETTLE_MAX : scaled;
  }

  String where() {
    return documents.where(TAG);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(0, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LeaseLostException("interrupted while waiting for the target's lease; nothing was changed");
    }
  }
}
