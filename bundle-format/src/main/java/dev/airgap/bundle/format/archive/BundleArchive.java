package dev.airgap.bundle.format.archive;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a bundle file (or its volumes) without extracting it: random access to members through
 * the seek table and offsets table, and a strict sequential scan that trusts neither.
 */
public final class BundleArchive implements Closeable {
  private BundleArchive() {}

  /** Opens a bundle; given {@code X.000} (or {@code X} when only volumes exist) it reads the set. */
  public static BundleArchive open(Path path, ReaderLimits limits) throws IOException {
    throw new UnsupportedOperationException("being written");
  }

  /** The files read, in order (one, or every volume). */
  public List<Path> files() {
    throw new UnsupportedOperationException("being written");
  }

  /** Members as the offsets table lists them, in archive order (hints, re-checked on open). */
  public List<MemberLocation> members() throws IOException {
    throw new UnsupportedOperationException("being written");
  }

  /** A member's content by random access; the tar header at its offset is re-checked first. */
  public InputStream openMember(MemberLocation member) throws IOException {
    throw new UnsupportedOperationException("being written");
  }

  /** The first member whose name is {@code name}, read whole, at most {@code maxBytes}. */
  public byte[] readMember(String name, int maxBytes) throws IOException {
    throw new UnsupportedOperationException("being written");
  }

  /**
   * Decompresses the whole stream from the start and hands every member to {@code visitor} in
   * order; rejects anything but regular files, unsafe names and anything over the limits.
   */
  public void scan(MemberVisitor visitor) throws IOException {
    throw new UnsupportedOperationException("being written");
  }

  @Override
  public void close() throws IOException {
    throw new UnsupportedOperationException("being written");
  }
}
