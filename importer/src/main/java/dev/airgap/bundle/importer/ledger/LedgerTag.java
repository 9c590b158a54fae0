package dev.airgap.bundle.importer.ledger;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.ImageRef;
import java.util.Objects;

/**
 * A tag this tool set on the target. Only tags recorded here may later be pruned or reported as
 * moved; a tag someone made by hand is never in the ledger.
 *
 * @param repository the full repository path on the target
 * @param tag the tag
 * @param digest the manifest digest the tag was set to
 * @param bundleId the bundle whose import set (or last confirmed) it
 */
public record LedgerTag(String repository, String tag, Digest digest, String bundleId) {
  public LedgerTag {
    ImageRef.requireValidRepository(Objects.requireNonNull(repository, "repository"));
    if (!ImageRef.isValidTag(tag)) {
      throw new IllegalArgumentException("'" + tag + "' is not a valid tag");
    }
    Objects.requireNonNull(digest, "digest");
    Text.require(bundleId, "bundleId");
  }

  /** "repository:tag", the identity of a tag record: one record per tag. */
  public String reference() {
    return repository + ":" + tag;
  }
}
