package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.format.VerifyingInputStream;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.MemberLocation;
import dev.airgap.bundle.registry.BodySource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * A blob streamed straight from the open bundle file to the registry: no extraction, no temporary
 * copy. Every byte is checked against the digest while it is sent; a mismatch is remembered so the
 * importer can report it as the integrity failure it is, not as the upload error it causes.
 */
final class MemberSource implements BodySource {
  private final BundleArchive archive;
  private final MemberLocation location;
  private final Digest digest;
  private final LongConsumer progress;
  private volatile IntegrityException failure;

  MemberSource(BundleArchive archive, MemberLocation location, Digest digest, LongConsumer progress) {
    this.archive = archive;
    this.location = location;
    this.digest = digest;
    this.progress = progress;
  }

  @Override
  public long length() {
    return location.size();
  }

  @Override
  public InputStream openAt(long offset) throws IOException {
    InputStream verifying =
        new VerifyingInputStream(archive.openMember(location), digest, location.size(), "bundle member " + location.name());
    // A resumed upload re-reads the part already sent through the hasher (VerifyingInputStream
    // reads through on skip), so the digest check at the end still covers every byte as the file
    // holds it now: bytes that changed on disk since verification are never sent as verified.
    verifying.skipNBytes(offset);
    return new Recording(verifying);
  }

  /** The integrity failure seen while sending, if any. */
  IntegrityException failure() {
    return failure;
  }

  private final class Recording extends FilterInputStream {
    Recording(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = super.read(b, off, len);
        if (n > 0) {
          progress.accept(n);
        }
        return n;
      } catch (IntegrityException e) {
        failure = e;
        throw e;
      }
    }
  }
}
