package dev.airgap.bundle.format.transfer;

/** What one blob transfer did. */
public enum TransferOutcome {
  /** The sink already held the blob. */
  PRESENT,
  /** The sink obtained the blob without the bytes passing through us (mount, link). */
  REUSED,
  /** The bytes were streamed from the source into the sink. */
  COPIED
}
