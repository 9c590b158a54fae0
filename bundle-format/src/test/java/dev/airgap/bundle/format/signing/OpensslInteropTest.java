package dev.airgap.bundle.format.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our key files and signatures are the ones openssl reads and writes, in both directions. */
class OpensslInteropTest {
  @TempDir Path dir;

  @BeforeAll
  static void opensslIsInstalled() throws Exception {
    Openssl.requireInstalled();
  }

  @Test
  void opensslVerifiesOurSignature() throws Exception {
    KeyFiles.GeneratedKeys keys = KeyFiles.generate(dir.resolve("signing"));
    byte[] data = "{\"index\":\"some bytes\"}\n".getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("data"), data);
    Files.write(dir.resolve("data.sig"), Signatures.sign(KeyFiles.readPrivateKey(keys.privateKey()), data));

    String out = Openssl.ok(dir,
        "openssl dgst -sha256 -verify signing.pub -signature <(base64 -d data.sig) data");
    assertTrue(out.contains("Verified OK"), out);

    Files.write(dir.resolve("data"), "{\"index\":\"other bytes\"}\n".getBytes(StandardCharsets.UTF_8));
    Openssl.Result tampered = Openssl.run(dir,
        "openssl dgst -sha256 -verify signing.pub -signature <(base64 -d data.sig) data");
    assertNotEquals(0, tampered.exitCode(), "openssl must reject edited data: " + tampered.output());
  }

  @Test
  void weVerifyOpensslSignatureMadeWithOurKey() throws Exception {
    KeyFiles.GeneratedKeys keys = KeyFiles.generate(dir.resolve("signing"));
    Files.writeString(dir.resolve("data"), "payload\n");
    Openssl.ok(dir, "openssl dgst -sha256 -sign signing.key data | base64 -w0 > data.sig");

    PublicKey pub = KeyFiles.readPublicKey(keys.publicKey());
    byte[] data = Files.readAllBytes(dir.resolve("data"));
    assertEquals(pub, Signatures.verify(List.of(pub), data, Files.readAllBytes(dir.resolve("data.sig"))));
  }

  @Test
  void weAcceptLineWrappedBase64FromTheBase64Tool() throws Exception {
    KeyFiles.GeneratedKeys keys = KeyFiles.generate(dir.resolve("signing"));
    Files.writeString(dir.resolve("data"), "payload\n");
    // base64 wraps at 76 columns; a 70-72 byte DER signature becomes two lines.
    Openssl.ok(dir, "openssl dgst -sha256 -sign signing.key data | base64 > data.sig");
    PublicKey pub = KeyFiles.readPublicKey(keys.publicKey());
    assertEquals(pub, Signatures.verify(List.of(pub), Files.readAllBytes(dir.resolve("data")),
        Files.readAllBytes(dir.resolve("data.sig"))));
  }

  @Test
  void opensslReadsOurKeyFiles() throws Exception {
    KeyFiles.generate(dir.resolve("signing"));
    Openssl.ok(dir, "openssl pkey -in signing.key -noout");
    Openssl.ok(dir, "openssl pkey -pubin -in signing.pub -noout");
    String text = Openssl.ok(dir, "openssl pkey -in signing.key -noout -text");
    assertTrue(text.contains("prime256v1") || text.contains("P-256"), text);
    // The .pub is the public half of the .key.
    String derived = Openssl.ok(dir, "openssl pkey -in signing.key -pubout");
    assertEquals(Files.readString(dir.resolve("signing.pub")), derived);
  }

  @Test
  void fingerprintIsSha256OfTheSpkiDer() throws Exception {
    KeyFiles.GeneratedKeys keys = KeyFiles.generate(dir.resolve("signing"));
    String out = Openssl.ok(dir, "openssl pkey -pubin -in signing.pub -outform DER | sha256sum");
    String expected = "sha256:" + out.substring(0, 64);
    assertEquals(expected, keys.fingerprint());
    assertEquals(expected, KeyFiles.fingerprint(KeyFiles.readPublicKey(keys.publicKey())));
  }

  @Test
  void weReadOpensslPkcs8AndSec1Keys() throws Exception {
    Openssl.ok(dir, "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out pkcs8.key"
        + " && openssl pkey -in pkcs8.key -pubout -out pkcs8.pub"
        + " && openssl ecparam -name prime256v1 -genkey -out sec1.key"
        + " && openssl ec -in sec1.key -pubout -out sec1.pub");
    assertTrue(Files.readString(dir.resolve("pkcs8.key")).contains("BEGIN PRIVATE KEY"));
    // Without -noout, ecparam writes an EC PARAMETERS block before the key; it is skipped.
    String sec1 = Files.readString(dir.resolve("sec1.key"));
    assertTrue(sec1.contains("BEGIN EC PARAMETERS") && sec1.contains("BEGIN EC PRIVATE KEY"), sec1);

    for (String name : List.of("pkcs8", "sec1")) {
      PrivateKey priv = KeyFiles.readPrivateKey(dir.resolve(name + ".key"));
      PublicKey pub = KeyFiles.readPublicKey(dir.resolve(name + ".pub"));
      byte[] data = name.getBytes(StandardCharsets.UTF_8);
      assertEquals(pub, Signatures.verify(List.of(pub), data, Signatures.sign(priv, data)), name);
    }
  }

  @Test
  void opensslKeysOnOtherCurvesOrAlgorithmsAreNamed() throws Exception {
    Openssl.ok(dir, "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out p384.key"
        + " && openssl pkey -in p384.key -pubout -out p384.pub"
        + " && openssl genpkey -algorithm ED25519 -out ed.key"
        + " && openssl ecparam -name secp384r1 -genkey -noout -out sec1-384.key");
    assertMessage(KeyFileException.class, "curve P-384", () -> KeyFiles.readPrivateKey(dir.resolve("p384.key")));
    assertMessage(KeyFileException.class, "curve P-384", () -> KeyFiles.readPublicKey(dir.resolve("p384.pub")));
    assertMessage(KeyFileException.class, "Ed25519", () -> KeyFiles.readPrivateKey(dir.resolve("ed.key")));
    assertMessage(KeyFileException.class, "curve P-384", () -> KeyFiles.readPrivateKey(dir.resolve("sec1-384.key")));
  }

  @Test
  void encryptedKeysAreRefusedClearly() throws Exception {
    Openssl.ok(dir, "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256"
        + " -aes-256-cbc -pass pass:secret -out enc.key");
    assertMessage(KeyFileException.class, "encrypted", () -> KeyFiles.readPrivateKey(dir.resolve("enc.key")));
  }

  private static void assertMessage(Class<? extends Throwable> type, String fragment,
      org.junit.jupiter.api.function.Executable call) {
    Throwable t = assertThrows(type, call);
    assertTrue(t.getMessage().contains(fragment), t.getMessage());
  }
}
