package dev.airgap.bundle.format.transfer;

import dev.airgap.bundle.format.Descriptor;
import java.io.IOException;

/**
 * Where blob bytes go: a registry repository, a bundle being written, the blob cache, nowhere
 * (verify).
 *
 * <p>The capability methods let {@link Transfer} do the cheapest thing that works: nothing when
 * the sink already holds the blob, a reuse (a cross-repository mount, a link from the cache) when
 * it can get the bytes without them passing through us, and a streamed copy otherwise.
 */
public interface BlobSink {
  /** Whether the sink already holds exactly this blob, so nothing needs to be written. */
  boolean has(Descriptor blob) throws IOException;

  /**
   * Tries to obtain the blob without streaming it, e.g. by mounting it from another repository of
   * the same registry. Returns false when that is not possible; the caller then calls {@link
   * #put}.
   */
  default boolean tryReuse(Descriptor blob) throws IOException {
    return false;
  }

  /**
   * Writes the blob, pulling its bytes from {@code source} (as many times as the sink needs to
   * resume). The sink must not make the blob visible under its digest unless the source's
   * verifying stream ended normally.
   */
  void put(Descriptor blob, BlobSource source) throws IOException;
}
