package dev.airgap.bundle.exporter;

/** Signs the raw bytes of {@code bundle.json}, returning the signature member's content. */
@FunctionalInterface
public interface IndexSigner {
  byte[] sign(byte[] rawIndex);
}
