package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.DigestMismatchException;
import dev.airgap.bundle.testing.RegistryExtension;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BlobTransferTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  @TempDir Path temp;

  private final RegistryClient client =
      RegistryClient.builder(RegistrySettings.secure(registry.host()).withPlainHttp(true)).build();

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void chunkedUploadFromAFileArrivesWhole() throws Exception {
    byte[] content = random(1_000_003, 1);
    Path file = temp.resolve("blob");
    Files.write(file, content);
    Digest digest = Digest.sha256(content);

    client.pushBlobChunked("chunks/a", digest, BodySource.ofFile(file, content.length), 256 * 1024);

    assertEquals(content.length, client.blobSize("chunks/a", digest).orElseThrow());
    try (InputStream in = client.openBlob("chunks/a", digest, content.length)) {
      assertArrayEquals(content, in.readAllBytes());
    }
  }

  @Test
  void mountsFromAnotherRepositoryWithoutSendingBytes() {
    byte[] content = random(50_000, 2);
    Digest digest = Digest.sha256(content);
    client.pushBlob("mount/source", digest, BodySource.ofBytes(content));

    // A body that fails if it is ever read proves no upload happened.
    BodySource untouchable = new BodySource() {
      @Override
      public long length() {
        return content.length;
      }

      @Override
      public InputStream openAt(long offset) {
        throw new AssertionError("a mount must not read the blob");
      }
    };
    assertEquals(MountResult.MOUNTED, client.mountOrPushBlob("mount/target", digest, "mount/source", untouchable));
    assertTrue(client.blobExists("mount/target", digest));
  }

  @Test
  void mountFallsBackToUploadWhenTheSourceLacksTheBlob() {
    byte[] content = random(10_000, 3);
    Digest digest = Digest.sha256(content);
    assertEquals(
        MountResult.UPLOADED,
        client.mountOrPushBlob("mount/target2", digest, "mount/empty-source", BodySource.ofBytes(content)));
    assertTrue(client.blobExists("mount/target2", digest));
  }

  @Test
  void registryRejectsABodyThatDoesNotMatchItsDigest() {
    byte[] content = random(1000, 4);
    Digest wrong = Digest.sha256(random(1000, 5));
    var e = assertThrows(RegistryException.class,
        () -> client.pushBlob("bad/digest", wrong, BodySource.ofBytes(content)));
    assertEquals("DIGEST_INVALID", e.errorCode(), e.getMessage());
    assertTrue(client.blobSize("bad/digest", wrong).isEmpty());
  }

  @Test
  void downloadWithTheWrongExpectedDigestFailsAtTheEnd() throws Exception {
    byte[] content = random(20_000, 6);
    Digest digest = Digest.sha256(content);
    client.pushBlob("verify/a", digest, BodySource.ofBytes(content));
    // Claiming a larger size is caught before any byte is handed out.
    assertThrows(DigestMismatchException.class, () -> client.openBlob("verify/a", digest, content.length + 1));
  }

  @Test
  void emptyBlobRoundTrips() throws Exception {
    byte[] empty = new byte[0];
    Digest digest = Digest.sha256(empty);
    client.pushBlob("empty/a", digest, BodySource.ofBytes(empty));
    try (InputStream in = client.openBlob("empty/a", digest, 0)) {
      assertEquals(0, in.readAllBytes().length);
    }
  }
}
