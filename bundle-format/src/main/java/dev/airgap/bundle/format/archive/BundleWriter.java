package dev.airgap.bundle.format.archive;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a bundle: a POSIX tar stream compressed as zstd seekable format, with a final
 * {@code bundle.offsets.json} member listing where every member starts.
 *
 * <p>Everything goes to temporary files beside the destination; {@link #commit()} fsyncs and
 * renames them into place, {@link #close()} without commit deletes them, so no partial bundle
 * ever sits under the final name.
 *
 * <p>Every member starts a new zstd frame, and large members are cut into frames of {@link
 * WriterOptions#frameSize()} bytes, compressed on {@link WriterOptions#workers()} threads. One
 * thread at a time may add members; {@link #compressedBytes()} may be read from any thread.
 */
public final class BundleWriter implements Closeable {
  /** The member the writer adds last; callers cannot add it. */
  public static final String OFFSETS_MEMBER = OffsetsTable.NAME;

  private final VolumeSink sink;
  private final FramePipeline frames;
  private final Set<String> names = new HashSet<>();
  private final List<MemberLocation> members = new ArrayList<>();
  private boolean committed;
  private boolean closed;
  private Throwable failure;

  private BundleWriter(VolumeSink sink, FramePipeline frames) {
    this.sink = sink;
    this.frames = frames;
  }

  /** Starts a bundle that will be {@code destination} (or its volumes {@code destination.000}…). */
  public static BundleWriter create(Path destination, WriterOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    if (destination.getFileName() == null) {
      throw new IllegalArgumentException("destination " + destination + " has no file name");
    }
    Path dir = destination.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException("the directory of " + destination + " does not exist");
    }
    if (Files.isDirectory(destination)) {
      throw new IOException(destination + " is a directory");
    }
    VolumeSink sink = new VolumeSink(destination, options.splitSize());
    FramePipeline frames =
        new FramePipeline(options.compressionLevel(), options.frameSize(), options.workers(), sink);
    return new BundleWriter(sink, frames);
  }

  /** Adds a regular-file member with exactly {@code size} bytes read from {@code content}. */
  public void addMember(String name, long size, InputStream content) throws IOException {
    addMember(name, size, content, false, FrameEncoding.COMPRESS);
  }

  /**
   * Adds a regular-file member, mode 0755 when {@code executable} (the carried tool's launcher and
   * runtime binaries, so that {@code tar -xf} gives files that run), 0644 otherwise.
   */
  public void addMember(String name, long size, InputStream content, boolean executable) throws IOException {
    addMember(name, size, content, executable, FrameEncoding.COMPRESS);
  }

  /**
   * Adds a regular-file member whose frames are encoded as {@code encoding} says: {@link
   * FrameEncoding#STORE} for content that is already compressed.
   */
  public void addMember(String name, long size, InputStream content, FrameEncoding encoding) throws IOException {
    addMember(name, size, content, false, encoding);
  }

  private void addMember(String name, long size, InputStream content, boolean executable, FrameEncoding encoding)
      throws IOException {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(encoding, "encoding");
    checkOpen();
    MemberNames.requireValid(name);
    if (name.equals(OFFSETS_MEMBER)) {
      throw new IllegalArgumentException("member name " + OFFSETS_MEMBER + " is reserved for the writer");
    }
    if (size < 0) {
      throw new IllegalArgumentException("member " + MemberNames.quote(name) + " has a negative size " + size);
    }
    if (names.contains(name)) {
      throw new IllegalArgumentException("duplicate member " + MemberNames.quote(name));
    }
    try {
      members.add(writeEntry(name, size, content, executable, encoding));
      names.add(name);
    } catch (IOException | RuntimeException | Error e) {
      // The tar stream is now inconsistent: nothing more may be added, and close() cleans up.
      failure = e;
      throw e;
    }
  }

  public void addMember(String name, byte[] content) throws IOException {
    addMember(name, content.length, new ByteArrayInputStream(content));
  }

  private MemberLocation writeEntry(
      String name, long size, InputStream content, boolean executable, FrameEncoding encoding)
      throws IOException {
    frames.cut();
    frames.encoding(encoding);
    long headerOffset = frames.position();
    byte[] header = executable ? TarHeaders.executableFile(name, size) : TarHeaders.regularFile(name, size);
    frames.write(header, 0, header.length);
    long dataOffset = frames.position();
    long copied = frames.transferFrom(content, size);
    if (copied != size) {
      throw new EOFException("the content of member " + MemberNames.quote(name) + " ended after " + copied
          + " of its " + size + " bytes");
    }
    frames.writeZeros(TarHeaders.padding(size));
    return new MemberLocation(name, headerOffset, dataOffset, size);
  }

  /** Bytes written to disk so far (compressed), for progress. */
  public long compressedBytes() {
    return sink.bytesWritten();
  }

  /** Ends the archive, fsyncs, renames into place; returns the final files in order. */
  public List<Path> commit() throws IOException {
    checkOpen();
    try {
      frames.cut();
      frames.encoding(FrameEncoding.COMPRESS);
      frames.unbounded(true);
      byte[] offsets = OffsetsTable.encode(members);
      byte[] header = TarHeaders.regularFile(OFFSETS_MEMBER, offsets.length);
      frames.write(header, 0, header.length);
      frames.write(offsets, 0, offsets.length);
      frames.writeZeros(TarHeaders.padding(offsets.length) + 2 * TarHeaders.BLOCK);
      byte[] seekTable = frames.finish();
      sink.write(seekTable, 0, seekTable.length);
      frames.close();
      List<Path> files = sink.commit();
      committed = true;
      return files;
    } catch (IOException | RuntimeException | Error e) {
      failure = e;
      throw e;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the bundle writer is closed");
    }
    if (committed) {
      throw new IllegalStateException("the bundle is already committed");
    }
    if (failure != null) {
      throw new IllegalStateException("an earlier write failed (" + failure.getMessage()
          + "); the bundle cannot be completed", failure);
    }
  }

  /** Without a successful {@link #commit()}, deletes every temporary file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    frames.close();
    if (!committed) {
      sink.abort();
    }
  }
}
