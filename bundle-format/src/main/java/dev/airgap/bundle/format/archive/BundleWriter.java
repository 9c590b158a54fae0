package dev.airgap.bundle.format.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a bundle: a POSIX tar stream compressed as zstd seekable format, with a final
 * {@code bundle.offsets.json} member listing where every member starts.
 *
 * <p>Everything goes to temporary files beside the destination; {@link #commit()} fsyncs and
 * renames them into place, {@link #close()} without commit deletes them, so no partial bundle
 * ever sits under the final name.
 */
public final class BundleWriter implements Closeable {
  private BundleWriter() {}

  /** Starts a bundle that will be {@code destination} (or its volumes {@code destination.000}…). */
  public static BundleWriter create(Path destination, WriterOptions options) throws IOException {
    throw new UnsupportedOperationException("being written");
  }

  /** Adds a regular-file member with exactly {@code size} bytes read from {@code content}. */
  public void addMember(String name, long size, InputStream content) throws IOException {
    throw new UnsupportedOperationException("being written");
  }

  public void addMember(String name, byte[] content) throws IOException {
    throw new UnsupportedOperationException("being written");
  }

  /** Bytes written to disk so far (compressed), for progress. */
  public long compressedBytes() {
    throw new UnsupportedOperationException("being written");
  }

  /** Ends the archive, fsyncs, renames into place; returns the final files in order. */
  public List<Path> commit() throws IOException {
    throw new UnsupportedOperationException("being written");
  }

  @Override
  public void close() throws IOException {
    throw new UnsupportedOperationException("being written");
  }
}
