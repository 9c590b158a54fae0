package dev.airgap.bundle.importer.ledger;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.ImageRef;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.registry.BodySource;
import dev.airgap.bundle.registry.ManifestHead;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistryException;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * <p><b>Concurrent importers.</b> {@link #write(Ledger, Ledger)} re-reads the ledger just before
 * moving the tag and refuses if it differs from what the caller read, and checks the tag once more
 * afterwards. The distribution API has no conditional manifest PUT, so a window remains: two
 * writers that both re-read before either moves the tag, and whose writes do not overlap with the
 * other's after-check, end with the later ledger only; the earlier import's record is lost from the
 * tag (its manifest stays in the registry, untagged, until garbage collection). The window is one
 * registry round trip wide; importers of one target should still take turns.
 */
public final class LedgerStore {
  private final RegistryClient client;
  private final String repository;

  public LedgerStore(RegistryClient client, String repository) {
    this.client = Objects.requireNonNull(client, "client");
    this.repository = ImageRef.requireValidRepository(Objects.requireNonNull(repository, "repository"));
  }

  /** The store of a configured target: its {@code ledger} repository, or the default one. */
  public static LedgerStore forTarget(RegistryClient client, TargetConfig target) {
    return new LedgerStore(client, target.ledgerRepository());
  }

  public String repository() {
    return repository;
  }

  /** The ledger, or empty when this target has none yet (nothing imported). */
  public Optional<Ledger> read() {
    return readStored();
  }

  /**
   * Writes {@code next} if the ledger on the target is still {@code expectedPrevious}, as read
   * before the import. A missing ledger counts as {@link Ledger#empty()}; {@code expectedPrevious}
   * may be null for the same.
   *
   * @throws ConcurrentLedgerException when another importer changed the ledger meanwhile (nothing
   *     was written), or overwrote this write right after it (see the class comment)
   */
  public void write(Ledger expectedPrevious, Ledger next) {
    Ledger expected = expectedPrevious == null ? Ledger.empty() : expectedPrevious;
    Manifest manifest = pushContent(next);
    // Compared by value, not by manifest digest: a ledger written by another version of this tool
    // may serialize differently and still be the one the caller read.
    Ledger current = readStored().orElse(Ledger.empty());
    if (!current.equals(expected)) {
      throw new ConcurrentLedgerException(where() + " changed since it was read (" + summary(expected) + " then, "
          + summary(current) + " now): another import finished meanwhile, so nothing was written; run the"
          + " import again, which skips what is already pushed and checks the bundle against the new ledger");
    }
    moveTag(manifest, next);
  }

  /**
   * Writes {@code next} over whatever ledger is there, even a malformed one (last writer wins), for
   * repairs; importers use {@link #write(Ledger, Ledger)}. Still refuses to overwrite content that
   * is not a ledger at all.
   */
  public void write(Ledger next) {
    Manifest manifest = pushContent(next);
    pullTagged().ifPresent(found -> LedgerArtifact.requireLedger(found, where()));
    moveTag(manifest, next);
  }

  /** Uploads the config and ledger blobs unless present, and returns the manifest to tag. */
  private Manifest pushContent(Ledger next) {
    byte[] json = LedgerJson.write(Objects.requireNonNull(next, "next"));
    Digest digest = Digest.sha256(json);
    byte[] config = LedgerArtifact.emptyConfig();
    if (!client.blobExists(repository, LedgerArtifact.EMPTY_DIGEST)) {
      client.pushBlob(repository, LedgerArtifact.EMPTY_DIGEST, BodySource.ofBytes(config));
    }
    if (!client.blobExists(repository, digest)) {
      client.pushBlob(repository, digest, BodySource.ofBytes(json));
    }
    return LedgerArtifact.manifest(digest, json.length);
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

  private Optional<Ledger> readStored() {
    Optional<Manifest> found = pullTagged();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    String what = where();
    Descriptor layer = LedgerArtifact.ledgerLayer(found.get(), what);
    byte[] json;
    try (InputStream in = client.openBlob(repository, layer.digest(), layer.size())) {
      json = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": the ledger blob " + layer.digest() + " could not be read", e);
    }
    return Optional.of(LedgerJson.read(json, what));
  }

  /** Whatever manifest the ledger tag names, verified against its bytes; empty when there is none. */
  private Optional<Manifest> pullTagged() {
    try {
      return Optional.of(client.pullManifest(repository, LedgerArtifact.TAG));
    } catch (RegistryException e) {
      // 404 is the registry's answer for both an unknown tag and an unknown repository.
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** "the ledger 127.0.0.1:5000/org/bundle-ledger:ledger", for messages. */
  private String where() {
    return "the ledger " + client.host() + "/" + repository + ":" + LedgerArtifact.TAG;
  }

  private static String lastImport(Ledger ledger) {
    List<LedgerBundle> bundles = ledger.bundles();
    return bundles.isEmpty() ? "this ledger" : "bundle " + bundles.get(bundles.size() - 1).bundleId();
  }

  private static String summary(Ledger ledger) {
    int n = ledger.bundles().size();
    return n == 0 ? "no imports" : n + (n == 1 ? " import" : " imports") + ", the last bundle "
        + ledger.bundles().get(n - 1).bundleId();
  }
}
