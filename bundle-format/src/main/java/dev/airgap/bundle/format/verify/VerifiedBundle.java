package dev.airgap.bundle.format.verify;

import dev.airgap.bundle.format.index.BundleIndex;
import java.security.PublicKey;

/**
 * An index whose signature (or explicit waiver) and self-consistency were checked.
 *
 * @param rawIndex the exact bytes that were signed
 * @param signer the trusted key that verified the signature, or null for an allowed unsigned bundle
 */
public record VerifiedBundle(BundleIndex index, byte[] rawIndex, PublicKey signer) {
  public boolean signed() {
    return signer != null;
  }
}
