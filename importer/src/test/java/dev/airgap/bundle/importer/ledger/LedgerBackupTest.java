package dev.airgap.bundle.importer.ledger;

import static dev.airgap.bundle.importer.ledger.Bundles.T0;
import static dev.airgap.bundle.importer.ledger.Bundles.digest;
import static dev.airgap.bundle.importer.ledger.Bundles.index;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.testing.RegistryExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger's backup copy: written with every ledger, read when the ledger tag is gone or behind. */
class LedgerBackupTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  private static RegistryClient machine() {
    return RegistryClient.builder(RegistrySettings.secure(registry.host()).withPlainHttp(true)).build();
  }

  private static Ledger record(Ledger before, BundleIndex index) {
    return before.recordImport(index, digest(index.bundleId()), List.of(), List.of(), T0);
  }

  @Test
  void theBackupIsADistinctManifestThatSurvivesDeletingTheLedger() {
    RegistryClient client = machine();
    LedgerStore store = new LedgerStore(client, "deleted/bundle-ledger");
    Ledger ledger = record(Ledger.empty(), index("b5", "stable", 5));
    Digest written = store.write(Ledger.empty(), ledger);
    Digest backup = client.headManifest("deleted/bundle-ledger", LedgerArtifact.BACKUP_TAG).orElseThrow().digest();
    assertNotEquals(written, backup, "deleting the ledger by digest must not delete its backup");

    assertTrue(client.deleteManifest("deleted/bundle-ledger", written));
    LedgerStore.Found found = new LedgerStore(machine(), "deleted/bundle-ledger").find().orElseThrow();
    assertTrue(found.fromBackup());
    assertEquals(ledger, found.ledger());

    // The next write puts the ledger tag back.
    Ledger next = record(ledger, index("b6", "stable", 6));
    store.write(ledger, next);
    LedgerStore.Found again = store.find().orElseThrow();
    assertFalse(again.fromBackup());
    assertEquals(next, again.ledger());
  }

  @Test
  void aLedgerTagRolledBackToAnOlderLedgerLosesToTheBackup() {
    RegistryClient client = machine();
    LedgerStore store = new LedgerStore(client, "rolled/bundle-ledger");
    Ledger first = record(Ledger.empty(), index("b5", "stable", 5));
    Digest old = store.write(Ledger.empty(), first);
    Ledger second = record(first, index("b7", "stable", 7));
    store.write(first, second);
    // Someone points the ledger tag at the older ledger manifest again.
    client.pushManifest("rolled/bundle-ledger", LedgerArtifact.TAG, client.pullManifest("rolled/bundle-ledger", old.toString()));

    LedgerStore.Found found = store.find().orElseThrow();
    assertTrue(found.fromBackup());
    assertEquals(7, found.ledger().channel("stable").orElseThrow().sequence());
  }
}
