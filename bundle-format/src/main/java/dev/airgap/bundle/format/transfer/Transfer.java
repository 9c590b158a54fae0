package dev.airgap.bundle.format.transfer;

import dev.airgap.bundle.format.Descriptor;
import java.io.IOException;

/** The one copy step: the cheapest of "already there", "reuse", "stream the bytes". */
public final class Transfer {
  private Transfer() {}

  public static TransferOutcome copy(
      Descriptor blob, BlobSource source, BlobSink sink, TransferListener listener)
      throws IOException {
    TransferOutcome outcome;
    if (sink.has(blob)) {
      outcome = TransferOutcome.PRESENT;
    } else if (sink.tryReuse(blob)) {
      outcome = TransferOutcome.REUSED;
    } else {
      sink.put(blob, source);
      outcome = TransferOutcome.COPIED;
    }
    listener.finished(blob, outcome);
    return outcome;
  }
}
