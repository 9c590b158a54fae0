package dev.airgap.bundle.format.archive;

/**
 * Bounds on what reading a bundle may cost, so a hostile file cannot exhaust memory or time.
 *
 * @param windowLogMax largest zstd window accepted (2^n bytes)
 * @param maxMembers most tar entries accepted
 * @param maxTotalBytes most uncompressed bytes accepted
 * @param maxMetadataBytes largest JSON member (bundle.json, index.json, offsets) read into memory
 */
public record ReaderLimits(int windowLogMax, long maxMembers, long maxTotalBytes, int maxMetadataBytes) {
  public ReaderLimits {
    if (windowLogMax < 10 || windowLogMax > 31) {
      throw new IllegalArgumentException("windowLogMax must be 10..31");
    }
    if (maxMembers < 1 || maxTotalBytes < 1 || maxMetadataBytes < 1) {
      throw new IllegalArgumentException("reader limits must be positive");
    }
  }

  public static ReaderLimits defaults() {
    return new ReaderLimits(27, 1_000_000, 1L << 42, 64 * 1024 * 1024);
  }
}
