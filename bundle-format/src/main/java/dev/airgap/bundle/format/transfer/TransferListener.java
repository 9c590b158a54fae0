package dev.airgap.bundle.format.transfer;

import dev.airgap.bundle.format.Descriptor;

/** The one kind of progress event every transfer emits, whatever its direction. */
@FunctionalInterface
public interface TransferListener {
  TransferListener NONE = (blob, outcome) -> {};

  /** Called once per blob when its transfer has finished. */
  void finished(Descriptor blob, TransferOutcome outcome);
}
