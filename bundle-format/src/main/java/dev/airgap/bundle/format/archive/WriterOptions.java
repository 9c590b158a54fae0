package dev.airgap.bundle.format.archive;

/**
 * How a bundle archive is written.
 *
 * @param compressionLevel zstd level (1..19); 3 is zstd's default
 * @param frameSize uncompressed bytes per zstd frame inside a large member (a new frame also
 *     starts at every member); 64 KiB to 1 GiB, the seekable format's largest frame
 * @param splitSize 0 for one file, else the size of each volume {@code NAME.000}, {@code .001}, …
 * @param workers compression threads
 */
public record WriterOptions(int compressionLevel, int frameSize, long splitSize, int workers) {
  public WriterOptions {
    if (compressionLevel < 1 || compressionLevel > 19) {
      throw new IllegalArgumentException("compression level must be 1..19");
    }
    if (frameSize < 64 * 1024 || frameSize > 1 << 30) {
      throw new IllegalArgumentException("frame size must be 64 KiB..1 GiB");
    }
    if (splitSize != 0 && splitSize < 1024 * 1024) {
      throw new IllegalArgumentException("volumes must be at least 1 MiB");
    }
    if (workers < 1) {
      throw new IllegalArgumentException("at least one compression worker");
    }
  }

  public static WriterOptions defaults() {
    return new WriterOptions(3, 4 * 1024 * 1024, 0, Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  public WriterOptions withSplitSize(long size) {
    return new WriterOptions(compressionLevel, frameSize, size, workers);
  }

  public WriterOptions withFrameSize(int size) {
    return new WriterOptions(compressionLevel, size, splitSize, workers);
  }

  public WriterOptions withWorkers(int count) {
    return new WriterOptions(compressionLevel, frameSize, splitSize, count);
  }

  public WriterOptions withCompressionLevel(int level) {
    return new WriterOptions(level, frameSize, splitSize, workers);
  }
}
