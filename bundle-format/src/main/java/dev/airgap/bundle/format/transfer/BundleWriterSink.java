package dev.airgap.bundle.format.transfer;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.DigestMismatchException;
import dev.airgap.bundle.format.archive.BundleWriter;
import dev.airgap.bundle.format.archive.FrameEncoding;
import dev.airgap.bundle.format.index.BundleIndex;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * A bundle being written, as a sink: each blob becomes the member {@code blobs/<alg>/<hex>}, in
 * the order the blobs are put (the order the signed index lists them). Layers that are already
 * compressed are stored as raw zstd blocks rather than compressed again (FORMAT.md §5).
 *
 * <p>One thread puts blobs; the source's stream is read straight into the archive's frames.
 */
public final class BundleWriterSink implements BlobSink {
  private final BundleWriter writer;
  private final LongConsumer progress;
  private final Set<String> written = new HashSet<>();

  /** {@code progress} receives the content bytes as they pass into the archive. */
  public BundleWriterSink(BundleWriter writer, LongConsumer progress) {
    this.writer = writer;
    this.progress = progress;
  }

  /** A blob is already in the bundle when it was put before: a bundle holds a member once. */
  @Override
  public boolean has(Descriptor blob) {
    return written.contains(BundleIndex.blobMember(blob.digest()));
  }

  @Override
  public void put(Descriptor blob, BlobSource source) throws IOException {
    String member = BundleIndex.blobMember(blob.digest());
    try (InputStream in = source.open(blob)) {
      writer.addMember(member, blob.size(), new Counting(in, progress), encodingFor(blob.mediaType()));
      // The member holds exactly size bytes; reading on makes the source's verifying stream
      // check the digest (and that nothing follows) before the bundle can be committed.
      if (in.read() >= 0) {
        throw new DigestMismatchException("blob " + blob.digest() + " is larger than its declared size of "
            + blob.size() + " bytes");
      }
    }
    written.add(member);
  }

  /**
   * {@link FrameEncoding#STORE} for media types whose content is already gzip or zstd compressed
   * ({@code …+gzip}, {@code …+zstd}, {@code ….gzip}, {@code ….zstd}, e.g. OCI {@code tar+gzip} and
   * Docker {@code rootfs.diff.tar.gzip}): zstd would spend CPU to gain nothing there.
   */
  public static FrameEncoding encodingFor(String mediaType) {
    String type = mediaType.toLowerCase(Locale.ROOT);
    int parameters = type.indexOf(';');
    if (parameters >= 0) {
      type = type.substring(0, parameters).strip();
    }
    for (String suffix : new String[] {"+gzip", "+zstd", ".gzip", ".zstd"}) {
      if (type.endsWith(suffix)) {
        return FrameEncoding.STORE;
      }
    }
    return FrameEncoding.COMPRESS;
  }

  /** Reports bytes as they pass into the archive. */
  private static final class Counting extends FilterInputStream {
    private final LongConsumer progress;

    Counting(InputStream in, LongConsumer progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        progress.accept(n);
      }
      return n;
    }

    @Override
    public void close() {
      // The caller closes the source's stream itself.
    }
  }
}
