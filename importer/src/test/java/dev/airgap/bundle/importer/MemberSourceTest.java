package dev.airgap.bundle.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.DigestMismatchException;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.BundleWriter;
import dev.airgap.bundle.format.archive.MemberLocation;
import dev.airgap.bundle.format.archive.ReaderLimits;
import dev.airgap.bundle.format.archive.WriterOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an upload sends from the bundle is what was verified, also when an upload resumes mid-blob. */
class MemberSourceTest {
  @TempDir Path temp;

  @Test
  void aResumedUploadStillChecksTheWholeBlobAgainstItsDigest() throws Exception {
    byte[] verified = random(1, 200_000);
    byte[] replacement = random(2, 200_000);
    String name = "blobs/sha256/" + Digest.sha256(verified).hex();
    Path bundle = write(temp.resolve("b.tar.zst"), name, verified);
    // The same layout with other bytes (random data compresses to raw blocks of the same size).
    byte[] other = Files.readAllBytes(write(temp.resolve("other.tar.zst"), name, replacement));

    try (BundleArchive archive = BundleArchive.open(bundle, ReaderLimits.defaults())) {
      MemberLocation location = archive.members().get(1);
      MemberSource source = new MemberSource(archive, location, Digest.sha256(verified), n -> { });
      try (InputStream in = source.openAt(150_000)) {
        assertArrayEquals(Arrays.copyOfRange(verified, 150_000, verified.length), in.readAllBytes());
      }

      // The file is rewritten in place (same inode, so the open channel sees the new bytes).
      Files.write(bundle, other);
      try (InputStream in = source.openAt(150_000)) {
        DigestMismatchException e = assertThrows(DigestMismatchException.class, in::readAllBytes);
        assertTrue(e.getMessage().contains("bundle member blobs/sha256/"), e.getMessage());
      }
      try (InputStream in = source.openAt(0)) {
        assertThrows(DigestMismatchException.class, in::readAllBytes);
      }
    }
  }

  private static Path write(Path file, String name, byte[] blob) throws Exception {
    try (BundleWriter writer = BundleWriter.create(file, WriterOptions.defaults())) {
      writer.addMember("bundle.json", "{}".getBytes());
      writer.addMember(name, blob);
      writer.commit();
    }
    return file;
  }

  private static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
