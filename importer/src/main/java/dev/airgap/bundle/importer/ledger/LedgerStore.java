package dev.airgap.bundle.importer.ledger;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.ImageRef;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.registry.ManifestHead;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the ledger in the target registry itself, as the artifact {@link LedgerArtifact}
 * describes under the tag {@code ledger} of one repository. Nothing is kept on the importing
 * machine, so a restarted registry or a second machine sees the same history.
 *
 * <p>A write pushes the blobs first and moves the tag last: a crash leaves the old ledger in place,
 * never a tag pointing at a missing blob. A read verifies the manifest's shape, the blob's size and
 * digest and the JSON before it returns anything.
 *
 * <p><b>Backup copy.</b> Every write also tags the same ledger blob as {@code ledger-backup}, under a
 * manifest whose digest differs (see {@link LedgerArtifact#backupManifest}), written before the
 * ledger tag moves. A read takes whichever copy records more imports (the history only grows), so
 * deleting or rolling back the ledger tag alone does not reset rollback protection.
 *
 * <p><b>Concurrent importers.</b> {@link #write(Ledger, Ledger)} re-reads the ledger just before
 * moving the tag and refuses if it differs from what the caller read, and checks the tag once more
 * afterwards. The distribution API has no conditional manifest PUT, so a window remains: two
 * writers that both re-read before either moves the tag, and whose writes do not overlap with the
 * other's after-check, end with the later ledger only; the earlier import's record is lost from the
 * tag (its manifest stays in the registry, untagged, until garbage collection). The window is one
 * registry round trip wide; the importer closes it by holding the target's lease
 * ({@link LeaseStore}) for the whole import.
 */
public final class LedgerStore {
  private final RegistryClient client;
  private final String repository;
  private final TaggedDocuments documents;

  public LedgerStore(RegistryClient client, String repository) {
    this.client = Objects.requireNonNull(client, "client");
    this.repository = ImageRef.requireValidRepository(Objects.requireNonNull(repository, "repository"));
    this.documents = new TaggedDocuments(client, repository);
  }

  /** The store of a configured target: its {@code ledger} repository, or the default one. */
  public static LedgerStore forTarget(RegistryClient client, TargetConfig target) {
    return new LedgerStore(client, target.ledgerRepository());
  }

  public String repository() {
    return repository;
  }

  /**
   * A ledger as found on the target.
   *
   * @param manifest the digest of the manifest it was read from, to name it in messages and leases
   * @param fromBackup whether it came from the backup copy because the ledger tag was gone or
   *     recorded fewer imports
   */
  public record Found(Ledger ledger, Digest manifest, boolean fromBackup) {}

  /** The ledger, or empty when this target has none yet (nothing imported). */
  public Optional<Ledger> read() {
    return find().map(Found::ledger);
  }

  /** The ledger and where it came from; empty when neither the ledger nor its backup is there. */
  public Optional<Found> find() {
    Optional<Found> main = readCopy(LedgerArtifact.TAG, false);
    Optional<Found> backup = readCopy(LedgerArtifact.BACKUP_TAG, true);
    if (main.isPresent() && backup.isPresent()
        && backup.get().ledger().bundles().size() > main.get().ledger().bundles().size()) {
      return backup;
    }
    return main.isPresent() ? main : backup;
  }

  /**
   * Writes {@code next} if the ledger on the target is still {@code expectedPrevious}, as read
   * before the import. A missing ledger counts as {@link Ledger#empty()}; {@code expectedPrevious}
   * may be null for the same.
   *
   * @return the digest of the manifest the ledger tag now names
   * @throws ConcurrentLedgerException when another importer changed the ledger meanwhile (nothing
   *     was written), or overwrote this write right after it (see the class comment)
   */
  public Digest write(Ledger expectedPrevious, Ledger next) {
    Ledger expected = expectedPrevious == null ? Ledger.empty() : expectedPrevious;
    byte[] json = LedgerJson.write(Objects.requireNonNull(next, "next"));
    Digest blob = documents.pushBlobs(json);
    // Compared by value, not by manifest digest: a ledger written by another version of this tool
    // may serialize differently and still be the one the caller read.
    Ledger current = read().orElse(Ledger.empty());
    if (!current.equals(expected)) {
      throw new ConcurrentLedgerException(where() + " changed since it was read (" + summary(expected) + " then, "
          + summary(current) + " now): another import finished meanwhile, so nothing was written; run the"
          + " import again, which skips what is already pushed and checks the bundle against the new ledger");
    }
    return writeBoth(blob, json.length, next);
  }

  /**
   * Writes {@code next} over whatever ledger is there, even a malformed one (last writer wins), for
   * repairs and {@code --reset-ledger}; importers use {@link #write(Ledger, Ledger)}. Still refuses
   * to overwrite content that is not a ledger at all.
   */
  public Digest write(Ledger next) {
    byte[] json = LedgerJson.write(Objects.requireNonNull(next, "next"));
    Digest blob = documents.pushBlobs(json);
    for (String tag : List.of(LedgerArtifact.TAG, LedgerArtifact.BACKUP_TAG)) {
      documents.pull(tag).ifPresent(found -> LedgerArtifact.requireLedger(found, "the ledger " + documents.where(tag)));
    }
    return writeBoth(blob, json.length, next);
  }

  /** The backup first: a crash in between leaves the backup ahead, never behind, the ledger. */
  private Digest writeBoth(Digest blob, long size, Ledger next) {
    client.pushManifest(repository, LedgerArtifact.BACKUP_TAG, LedgerArtifact.backupManifest(blob, size));
    Manifest manifest = LedgerArtifact.manifest(blob, size);
    moveTag(manifest, next);
    return manifest.digest();
  }

  private void moveTag(Manifest manifest, Ledger next) {
    client.pushManifest(repository, LedgerArtifact.TAG, manifest);
    Optional<Digest> now = client.headManifest(repository, LedgerArtifact.TAG).map(ManifestHead::digest);
    if (!now.equals(Optional.of(manifest.digest()))) {
      throw new ConcurrentLedgerException(where() + " was overwritten by another importer right after this one"
          + " wrote it (it now points at " + now.map(Digest::toString).orElse("nothing") + ", not "
          + manifest.digest() + "), so the record of " + lastImport(next) + " is lost; run the import again"
          + " to record it");
    }
  }

  private Optional<Found> readCopy(String tag, boolean backup) {
    Optional<Manifest> found = documents.pull(tag);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    String what = "the ledger " + documents.where(tag);
    Descriptor layer = LedgerArtifact.ledgerLayer(found.get(), what);
    byte[] json = documents.read(layer, what);
    return Optional.of(new Found(LedgerJson.read(json, what), found.get().digest(), backup));
  }

  /** "the ledger 127.0.0.1:5000/org/bundle-ledger:ledger", for messages. */
  private String where() {
    return "the ledger " + documents.where(LedgerArtifact.TAG);
  }

  private static String lastImport(Ledger ledger) {
    List<LedgerBundle> bundles = ledger.bundles();
    return bundles.isEmpty() ? "this ledger" : "bundle " + bundles.get(bundles.size() - 1).bundleId();
  }

  static String summary(Ledger ledger) {
    int n = ledger.bundles().size();
    return n == 0 ? "no imports" : n + (n == 1 ? " import" : " imports") + ", the last bundle "
        + ledger.bundles().get(n - 1).bundleId();
  }
}
