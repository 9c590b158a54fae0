package dev.airgap.bundle.format.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.DigestMismatchException;
import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.format.archive.ArchiveException;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.BundleWriter;
import dev.airgap.bundle.format.archive.ReaderLimits;
import dev.airgap.bundle.format.archive.WriterOptions;
import dev.airgap.bundle.format.index.BlobEntry;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.BundleIndexJson;
import dev.airgap.bundle.format.index.ImageEntry;
import dev.airgap.bundle.format.index.MemberEntry;
import dev.airgap.bundle.format.index.ReleaseEntry;
import dev.airgap.bundle.format.index.Selection;
import dev.airgap.bundle.format.signing.KeyFiles;
import dev.airgap.bundle.format.signing.SignatureException;
import dev.airgap.bundle.format.signing.Signatures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a bundle can disagree with its signed index is caught and named. */
class BundleVerifierTest {
  @TempDir Path temp;

  private PrivateKey key;
  private PublicKey pub;
  private PublicKey otherPub;

  private final byte[] layout = "{\"imageLayoutVersion\":\"1.0.0\"}\n".getBytes(StandardCharsets.UTF_8);
  private final byte[] ociIndex = "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8);
  private final byte[] manifest = "{\"schemaVersion\":2,\"layers\":[]}".getBytes(StandardCharsets.UTF_8);
  private final byte[] layer = random(3_000_000, 1);

  @BeforeEach
  void keys() throws Exception {
    var generated = KeyFiles.generate(temp.resolve("signer"));
    key = KeyFiles.readPrivateKey(generated.privateKey());
    pub = KeyFiles.readPublicKey(generated.publicKey());
    otherPub = KeyFiles.readPublicKey(KeyFiles.generate(temp.resolve("other")).publicKey());
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Members as the index will list them. */
  private Map<String, byte[]> contents() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("oci-layout", layout);
    m.put("index.json", ociIndex);
    m.put(BundleIndex.blobMember(Digest.sha256(manifest)), manifest);
    m.put(BundleIndex.blobMember(Digest.sha256(layer)), layer);
    return m;
  }

  private BundleIndex index(Map<String, byte[]> listed) {
    Digest m = Digest.sha256(manifest);
    Digest l = Digest.sha256(layer);
    List<MemberEntry> members = new ArrayList<>();
    listed.forEach((name, bytes) -> members.add(new MemberEntry(name, Digest.sha256(bytes), bytes.length)));
    return new BundleIndex(1, "test", "stable", 1, Instant.parse("2026-01-01T00:00:00Z"), null, "test", null,
        new Selection("1.0.0", false, List.of("1.0.0"), List.of()), List.of(new ReleaseEntry("1.0.0", List.of("app"))),
        List.of(new ImageEntry("app", "r.example/app:1", "app", "1", m, "application/vnd.oci.image.manifest.v1+json",
            List.of(), List.of(m), List.of("1.0.0"), null)),
        List.of(new BlobEntry(m, manifest.length, "application/vnd.oci.image.manifest.v1+json", BlobEntry.Kind.manifest, BlobEntry.Location.bundle),
            new BlobEntry(l, layer.length, "application/vnd.oci.image.layer.v1.tar+gzip", BlobEntry.Kind.layer, BlobEntry.Location.bundle)),
        members);
  }

  /** Writes a bundle; {@code tamper} may change what is written after the index was signed. */
  private Path write(String name, boolean sign, Consumer<Map<String, byte[]>> tamper, byte[] indexOverride) throws Exception {
    Map<String, byte[]> listed = contents();
    byte[] raw = BundleIndexJson.write(index(listed));
    byte[] signature = Signatures.sign(key, raw);
    Map<String, byte[]> actual = new LinkedHashMap<>(listed);
    tamper.accept(actual);
    Path out = temp.resolve(name);
    try (BundleWriter writer = BundleWriter.create(out, WriterOptions.defaults())) {
      writer.addMember("bundle.json", indexOverride != null ? indexOverride : raw);
      if (sign) {
        writer.addMember("bundle.json.sig", signature);
      }
      for (var e : actual.entrySet()) {
        writer.addMember(e.getKey(), e.getValue());
      }
      writer.commit();
    }
    return out;
  }

  private VerifiedBundle verify(Path file, List<PublicKey> trusted, boolean allowUnsigned) throws Exception {
    try (BundleArchive archive = BundleArchive.open(file, ReaderLimits.defaults())) {
      return new BundleVerifier(trusted, allowUnsigned).verify(archive, 3, n -> {});
    }
  }

  @Test
  void aGoodBundleVerifies() throws Exception {
    VerifiedBundle v = verify(write("good.tar.zst", true, m -> {}, null), List.of(otherPub, pub), false);
    assertEquals(pub, v.signer());
    assertEquals(4, v.index().members().size());
  }

  @Test
  void wrongKeyIsRefused() throws Exception {
    Path file = write("good.tar.zst", true, m -> {}, null);
    var e = assertThrows(SignatureException.class, () -> verify(file, List.of(otherPub), false));
    assertEquals(SignatureException.Reason.NO_MATCHING_KEY, e.reason());
  }

  @Test
  void unsignedNeedsExplicitConsent() throws Exception {
    Path file = write("unsigned.tar.zst", false, m -> {}, null);
    var e = assertThrows(SignatureException.class, () -> verify(file, List.of(pub), false));
    assertTrue(e.getMessage().contains("--allow-unsigned"), e.getMessage());
    assertEquals(null, verify(file, List.of(), true).signer());
  }

  @Test
  void anIndexEditedAfterSigningIsRefusedBeforeItIsParsed() throws Exception {
    byte[] raw = BundleIndexJson.write(index(contents()));
    byte[] edited = new String(raw, StandardCharsets.UTF_8).replace("\"stable\"", "\"stab1e\"").getBytes(StandardCharsets.UTF_8);
    Path file = write("edited.tar.zst", true, m -> {}, edited);
    assertThrows(SignatureException.class, () -> verify(file, List.of(pub), false));
    // Even garbage that is not JSON at all fails on the signature, not the parser.
    Path garbage = write("garbage.tar.zst", true, m -> {}, "not json {{{".getBytes(StandardCharsets.UTF_8));
    assertThrows(SignatureException.class, () -> verify(garbage, List.of(pub), false));
  }

  @Test
  void tamperedMemberIsNamed() throws Exception {
    String layerName = BundleIndex.blobMember(Digest.sha256(layer));
    Path file = write("tampered.tar.zst", true, m -> {
      byte[] copy = layer.clone();
      copy[1_234_567] ^= 1;
      m.put(layerName, copy);
    }, null);
    var e = assertThrows(DigestMismatchException.class, () -> verify(file, List.of(pub), false));
    assertTrue(e.getMessage().contains(layerName), e.getMessage());
  }

  @Test
  void wrongSizeMemberIsNamed() throws Exception {
    String manifestName = BundleIndex.blobMember(Digest.sha256(manifest));
    Path file = write("size.tar.zst", true, m -> m.put(manifestName, (new String(manifest) + " ").getBytes()), null);
    var e = assertThrows(ArchiveException.class, () -> verify(file, List.of(pub), false));
    assertTrue(e.getMessage().contains(manifestName) && e.getMessage().contains("bytes"), e.getMessage());
  }

  @Test
  void unlistedMemberIsNamed() throws Exception {
    Path file = write("extra.tar.zst", true, m -> m.put("blobs/sha256/" + "e".repeat(64), "surprise".getBytes()), null);
    var e = assertThrows(ArchiveException.class, () -> verify(file, List.of(pub), false));
    assertTrue(e.getMessage().contains("eeeeeeee") && e.getMessage().contains("not listed"), e.getMessage());
  }

  @Test
  void missingMemberIsNamed() throws Exception {
    String layerName = BundleIndex.blobMember(Digest.sha256(layer));
    Path file = write("missing.tar.zst", true, m -> m.remove(layerName), null);
    var e = assertThrows(ArchiveException.class, () -> verify(file, List.of(pub), false));
    assertTrue(e.getMessage().contains(layerName) && e.getMessage().contains("missing"), e.getMessage());
  }

  @Test
  void truncatedFileIsRefused() throws Exception {
    Path file = write("whole.tar.zst", true, m -> {}, null);
    byte[] bytes = Files.readAllBytes(file);
    Path cut = temp.resolve("cut.tar.zst");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThrows(IntegrityException.class, () -> verify(cut, List.of(pub), false));
  }

  @Test
  void flippedCompressedByteIsRefused() throws Exception {
    Path file = write("whole.tar.zst", true, m -> {}, null);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(file, bytes);
    assertThrows(IntegrityException.class, () -> verify(file, List.of(pub), false));
  }
}
