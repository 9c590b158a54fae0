/**
 * The ledger: what this tool imported into a target registry, kept in that registry itself.
 *
 * <p>The disconnected side needs no local state: any machine that can reach the target reads the
 * ledger ({@link dev.airgap.bundle.importer.ledger.LedgerStore}), checks a new bundle against it
 * ({@link dev.airgap.bundle.importer.ledger.ReplayCheck}), and after a fully successful import
 * writes the next ledger ({@link dev.airgap.bundle.importer.ledger.Ledger#recordImport}).
 * Transitions are pure functions of values, so rollback protection is tested without a registry.
 *
 * <p>Each write also keeps a backup copy ({@code ledger-backup}), so deleting the ledger tag does
 * not reset protection, and an import holds the target's lease
 * ({@link dev.airgap.bundle.importer.ledger.LeaseStore}) from reading the ledger to writing it,
 * so two importers never interleave.
 */
package dev.airgap.bundle.importer.ledger;
