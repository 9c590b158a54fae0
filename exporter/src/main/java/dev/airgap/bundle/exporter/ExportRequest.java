package dev.airgap.bundle.exporter;

import dev.airgap.bundle.format.Platform;
import dev.airgap.bundle.format.archive.WriterOptions;
import dev.airgap.bundle.format.index.ReleaseEntry;
import dev.airgap.bundle.format.index.Selection;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything an export needs to know.
 *
 * @param signer null only for an explicitly unsigned bundle
 * @param platforms empty for all platforms
 * @param base which blobs to carry (full, delta or repair); null means full
 * @param tool the release to carry after every other member ({@code --include-tool}), or null
 */
public record ExportRequest(
    List<RequestedImage> images,
    Selection selection,
    List<ReleaseEntry> releases,
    List<Platform> platforms,
    String channel,
    long sequence,
    Instant expires,
    Path output,
    WriterOptions writerOptions,
    IndexSigner signer,
    String toolVersion,
    DeltaBase base,
    ToolTree tool) {
  public ExportRequest {
    images = List.copyOf(images);
    releases = List.copyOf(releases);
    platforms = List.copyOf(platforms);
    Objects.requireNonNull(selection, "selection");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(writerOptions, "writerOptions");
    base = base == null ? DeltaBase.full() : base;
    if (images.isEmpty()) {
      throw new IllegalArgumentException("nothing to export: the selection names no images");
    }
  }

  /** A request that carries no tool. */
  public ExportRequest(List<RequestedImage> images, Selection selection, List<ReleaseEntry> releases,
      List<Platform> platforms, String channel, long sequence, Instant expires, Path output,
      WriterOptions writerOptions, IndexSigner signer, String toolVersion, DeltaBase base) {
    this(images, selection, releases, platforms, channel, sequence, expires, output, writerOptions, signer,
        toolVersion, base, null);
  }
}
