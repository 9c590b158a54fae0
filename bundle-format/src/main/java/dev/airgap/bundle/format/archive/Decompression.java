package dev.airgap.bundle.format.archive;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;

/** zstd decompression with the reader's window cap, and zstd's errors as archive errors. */
final class Decompression {
  private Decompression() {}

  /** Decompresses {@code compressed} frame after frame, refusing windows above the limit. */
  static InputStream open(InputStream compressed, ReaderLimits limits) throws IOException {
    // Buffers from a pool: an import opens a member per manifest and per blob, and a fresh
    // 128 KiB input buffer for each was most of its garbage.
    ZstdInputStream z = new ZstdInputStream(compressed, RecyclingBufferPool.INSTANCE);
    z.setLongMax(limits.windowLogMax());
    return z;
  }

  static ArchiveException error(Exception e, String file, long uncompressedOffset) {
    String why = e.getMessage();
    if (why != null && why.contains("too much memory")) {
      why += " (a zstd frame declares a window larger than the reader's windowLogMax allows)";
    }
    return new ArchiveException("corrupt or truncated compressed data in " + file + " near uncompressed offset "
        + uncompressedOffset + ": " + why, e);
  }
}
