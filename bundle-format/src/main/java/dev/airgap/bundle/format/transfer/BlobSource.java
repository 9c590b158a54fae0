package dev.airgap.bundle.format.transfer;

import dev.airgap.bundle.format.Descriptor;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where blob bytes come from: a registry, a bundle being read, the blob cache.
 *
 * <p>Export, import and verify are one copy loop ({@link Transfer}) pointed in different
 * directions; a source is one end of it.
 */
public interface BlobSource {
  /**
   * Opens the blob's bytes from {@code offset} on. The stream verifies as it is read: it ends
   * normally only after every byte of the blob (those before {@code offset} included, which a
   * source reads through or has already seen) matched the descriptor's size and digest, and
   * throws an {@link dev.airgap.bundle.format.IntegrityException} otherwise. A sink that
   * resumes an interrupted write calls this again with the offset it reached.
   */
  InputStream open(Descriptor blob, long offset) throws IOException;

  /** Opens the whole blob; see {@link #open(Descriptor, long)}. */
  default InputStream open(Descriptor blob) throws IOException {
    return open(blob, 0);
  }
}
