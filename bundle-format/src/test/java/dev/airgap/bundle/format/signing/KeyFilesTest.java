package dev.airgap.bundle.format.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  @TempDir Path dir;

  @Test
  void generatesAReadablePairWithAPrivateKeyOnlyTheOwnerCanRead() throws Exception {
    KeyFiles.GeneratedKeys keys = KeyFiles.generate(dir.resolve("signing"));
    assertEquals(dir.resolve("signing.key"), keys.privateKey());
    assertEquals(dir.resolve("signing.pub"), keys.publicKey());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.privateKey())));
    assertTrue(Files.readString(keys.privateKey()).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertTrue(Files.readString(keys.publicKey()).startsWith("-----BEGIN PUBLIC KEY-----\n"));

    PrivateKey priv = KeyFiles.readPrivateKey(keys.privateKey());
    PublicKey pub = KeyFiles.readPublicKey(keys.publicKey());
    byte[] data = "x".getBytes(StandardCharsets.UTF_8);
    assertEquals(pub, Signatures.verify(List.of(pub), data, Signatures.sign(priv, data)));
    assertTrue(keys.fingerprint().matches("sha256:[0-9a-f]{64}"), keys.fingerprint());
    assertEquals(keys.fingerprint(), KeyFiles.fingerprint(pub));
    assertEquals(List.of("signing.key", "signing.pub"), listDir(), "no temporary files are left behind");
  }

  @Test
  void neverOverwritesAnExistingKey() throws Exception {
    Files.writeString(dir.resolve("signing.key"), "precious");
    assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.generate(dir.resolve("signing")));
    assertEquals("precious", Files.readString(dir.resolve("signing.key")));
    assertFalse(Files.exists(dir.resolve("signing.pub")));
  }

  @Test
  void anExistingPublicKeyAlsoStopsGenerationWithoutLeavingHalfAPair() throws Exception {
    Files.writeString(dir.resolve("signing.pub"), "old");
    assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.generate(dir.resolve("signing")));
    assertEquals("old", Files.readString(dir.resolve("signing.pub")));
    assertEquals(List.of("signing.pub"), listDir());
  }

  @Test
  void aMissingDirectoryIsAnIoError() {
    assertThrows(java.io.IOException.class, () -> KeyFiles.generate(dir.resolve("nope/signing")));
  }

  @Test
  void swappedFilesAreNamedForWhatTheyAre() throws Exception {
    KeyFiles.GeneratedKeys keys = KeyFiles.generate(dir.resolve("signing"));
    assertMessage("PUBLIC KEY", () -> KeyFiles.readPrivateKey(keys.publicKey()));
    assertMessage("private key where a public key was expected", () -> KeyFiles.readPublicKey(keys.privateKey()));
  }

  @Test
  void otherCurvesAndAlgorithmsAreRefusedByName() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(new ECGenParameterSpec("secp384r1"));
    var p384 = ec.generateKeyPair();
    Path priv = write("p384.key", new Pem("PRIVATE KEY", p384.getPrivate().getEncoded()).encode());
    Path pub = write("p384.pub", new Pem("PUBLIC KEY", p384.getPublic().getEncoded()).encode());
    assertMessage("curve P-384", () -> KeyFiles.readPrivateKey(priv));
    assertMessage("curve P-384", () -> KeyFiles.readPublicKey(pub));

    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    var rsaPair = rsa.generateKeyPair();
    Path rsaPub = write("rsa.pub", new Pem("PUBLIC KEY", rsaPair.getPublic().getEncoded()).encode());
    assertMessage("an RSA key", () -> KeyFiles.readPublicKey(rsaPub));
    Path rsaLegacy = write("rsa.key", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    assertMessage("'RSA PRIVATE KEY'", () -> KeyFiles.readPrivateKey(rsaLegacy));
  }

  @Test
  void corruptFilesGetClearErrors() throws Exception {
    KeyFiles.GeneratedKeys keys = KeyFiles.generate(dir.resolve("signing"));
    String pem = Files.readString(keys.publicKey());

    assertMessage("not a PEM key file", () -> KeyFiles.readPublicKey(write("empty.pub", "")));
    assertMessage("not a PEM key file", () -> KeyFiles.readPublicKey(write("text.pub", "hello\n")));
    assertMessage("no '-----END PUBLIC KEY-----' line",
        () -> KeyFiles.readPublicKey(write("cut.pub", pem.substring(0, pem.indexOf("-----END")))));
    assertMessage("not valid base64",
        () -> KeyFiles.readPublicKey(write("b64.pub", pem.replaceFirst("\n.", "\n*"))));
    assertMessage("2 PEM blocks", () -> KeyFiles.readPublicKey(write("two.pub", pem + pem)));

    // Valid base64 of truncated DER.
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    byte[] shorter = java.util.Arrays.copyOf(der, der.length - 5);
    assertMessage("is corrupt", () -> KeyFiles.readPublicKey(write("short.pub", new Pem("PUBLIC KEY", shorter).encode())));
    assertMessage("is corrupt", () -> KeyFiles.readPublicKey(write("junk.pub", new Pem("PUBLIC KEY", new byte[] {1, 2, 3}).encode())));

    // A flipped byte inside the point: still DER, but not a point on the curve.
    byte[] flipped = der.clone();
    flipped[flipped.length - 1] ^= 0x01;
    assertThrows(KeyFileException.class,
        () -> KeyFiles.readPublicKey(write("flip.pub", new Pem("PUBLIC KEY", flipped).encode())));
  }

  @Test
  void hugeFilesAreNotRead() throws Exception {
    Path big = write("big.pub", "A".repeat(KeyFiles.MAX_KEY_FILE_BYTES + 1));
    assertMessage("too large", () -> KeyFiles.readPublicKey(big));
  }

  @Test
  void pemRoundTripsAndWrapsAt64Columns() {
    byte[] der = new byte[100];
    String text = new Pem("PUBLIC KEY", der).encode();
    assertTrue(text.lines().allMatch(l -> l.length() <= 64), text);
    Pem back = Pem.parseAll("comment before\n" + text.replace("\n", "\r\n")).get(0);
    assertEquals("PUBLIC KEY", back.type());
    assertArrayEquals(der, back.der());
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  private List<String> listDir() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void assertMessage(String fragment, Executable call) {
    KeyFileException e = assertThrows(KeyFileException.class, call);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
