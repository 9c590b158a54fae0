package dev.airgap.bundle.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The one cap on JSON documents read from outside (bundle.json, receipts, missing.json, ledgers,
 * token responses, manifests): 4 MiB, enforced while reading, so an oversized input is refused
 * after at most one byte beyond the cap and never parsed or held whole.
 */
public final class Documents {
  /** 4 MiB: far above any real document of these kinds. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  private Documents() {}

  /**
   * Reads {@code in} to its end, refusing with {@code refuse} (given {@link #tooLarge}) as soon as
   * more than {@code cap} bytes arrive.
   */
  public static byte[] read(InputStream in, int cap, String what, Function<String, ? extends RuntimeException> refuse)
      throws IOException {
    byte[] bytes = in.readNBytes(cap + 1);
    if (bytes.length > cap) {
      throw refuse.apply(tooLarge(what, cap));
    }
    return bytes;
  }

  /** A file read as a document: at most {@link #MAX_BYTES}, refused with {@code refuse} beyond. */
  public static byte[] read(Path file, String what, Function<String, ? extends RuntimeException> refuse)
      throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, MAX_BYTES, what, refuse);
    }
  }

  /** The sentence for a document over its cap, e.g. "receipt x.json is larger than 4 MiB (...)". */
  public static String tooLarge(String what, long cap) {
    return what + " is larger than " + human(cap) + " (" + cap + " bytes), the limit for this document, so it was"
        + " not read; check that it is the right file";
  }

  private static String human(long bytes) {
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
  }
}
