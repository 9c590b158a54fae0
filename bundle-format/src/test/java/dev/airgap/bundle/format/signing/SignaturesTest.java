package dev.airgap.bundle.format.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.format.signing.SignatureException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignaturesTest {
  private static final byte[] DATA = "{\"schemaVersion\":1,\"blobs\":[]}\n".getBytes(StandardCharsets.UTF_8);
  private static final KeyPair ONE = newPair();
  private static final KeyPair TWO = newPair();
  private static final KeyPair THREE = newPair();

  @Test
  void roundTripReturnsTheKeyThatVerified() {
    byte[] sig = Signatures.sign(ONE.getPrivate(), DATA);
    assertSame(ONE.getPublic(), Signatures.verify(List.of(ONE.getPublic()), DATA, sig));
  }

  @Test
  void signatureFileIsOneUnwrappedBase64LineOfDer() {
    String file = new String(Signatures.sign(ONE.getPrivate(), DATA), StandardCharsets.US_ASCII);
    assertTrue(file.endsWith("\n"), file);
    String line = file.substring(0, file.length() - 1);
    assertTrue(line.matches("[A-Za-z0-9+/]+=*"), line);
    byte[] der = Base64.getDecoder().decode(line);
    assertEquals(0x30, der[0] & 0xff, "a DER SEQUENCE");
    assertTrue(der.length >= 8 && der.length <= 72, "length " + der.length);
  }

  @Test
  void wrongKeyIsRejectedNamingTheKeysTried() {
    byte[] sig = Signatures.sign(ONE.getPrivate(), DATA);
    SignatureException e = assertThrows(SignatureException.class,
        () -> Signatures.verify(List.of(TWO.getPublic()), DATA, sig));
    assertEquals(Reason.NO_MATCHING_KEY, e.reason());
    assertTrue(e.getMessage().contains("the 1 trusted key (" + KeyFiles.fingerprint(TWO.getPublic()) + ")"),
        e.getMessage());
    assertTrue(e instanceof IntegrityException, "maps to the verification-failed exit code");
  }

  @Test
  void editedDataIsRejected() {
    byte[] sig = Signatures.sign(ONE.getPrivate(), DATA);
    byte[] edited = DATA.clone();
    edited[5] ^= 1;
    SignatureException e = assertThrows(SignatureException.class,
        () -> Signatures.verify(List.of(ONE.getPublic()), edited, sig));
    assertEquals(Reason.NO_MATCHING_KEY, e.reason());
    assertTrue(e.getMessage().contains("changed after it was signed"), e.getMessage());
  }

  @Test
  void anyOfSeveralTrustedKeysMayVerify() {
    List<PublicKey> trusted = List.of(ONE.getPublic(), TWO.getPublic(), THREE.getPublic());
    assertSame(TWO.getPublic(), Signatures.verify(trusted, DATA, Signatures.sign(TWO.getPrivate(), DATA)));
    assertSame(THREE.getPublic(), Signatures.verify(trusted, DATA, Signatures.sign(THREE.getPrivate(), DATA)));

    KeyPair stranger = newPair();
    SignatureException e = assertThrows(SignatureException.class,
        () -> Signatures.verify(trusted, DATA, Signatures.sign(stranger.getPrivate(), DATA)));
    assertTrue(e.getMessage().contains("any of the 3 trusted keys"), e.getMessage());
    for (PublicKey k : trusted) {
      assertTrue(e.getMessage().contains(KeyFiles.fingerprint(k)), e.getMessage());
    }
  }

  @Test
  void unsignedContentIsRejected() {
    for (byte[] file : List.of(new byte[0], "\n".getBytes(StandardCharsets.US_ASCII), " \r\n\t".getBytes(StandardCharsets.US_ASCII))) {
      SignatureException e = assertThrows(SignatureException.class,
          () -> Signatures.verify(List.of(ONE.getPublic()), DATA, file));
      assertEquals(Reason.UNSIGNED, e.reason());
      assertTrue(e.getMessage().contains("unsigned"), e.getMessage());
    }
    SignatureException e = assertThrows(SignatureException.class,
        () -> Signatures.verify(List.of(ONE.getPublic()), DATA, null));
    assertEquals(Reason.UNSIGNED, e.reason());
  }

  @Test
  void nonBase64IsRejected() {
    for (String text : List.of("not*base64\n", "-----BEGIN SIGNATURE-----\n", "MEUCIQ\u00e9=\n", "abc")) {
      SignatureException e = assertThrows(SignatureException.class,
          () -> Signatures.verify(List.of(ONE.getPublic()), DATA, text.getBytes(StandardCharsets.UTF_8)));
      assertEquals(Reason.NOT_BASE64, e.reason(), text);
      assertTrue(e.getMessage().contains("not base64"), e.getMessage());
    }
  }

  @Test
  void malformedDerIsRejected() {
    byte[] good = Base64.getDecoder().decode(
        new String(Signatures.sign(ONE.getPrivate(), DATA), StandardCharsets.US_ASCII).strip());
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
    byte[] threeInts = {0x30, 0x09, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
    byte[] negative = {0x30, 0x06, 0x02, 0x01, (byte) 0x81, 0x02, 0x01, 0x01};
    byte[] paddedZero = {0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01};
    byte[] indefinite = {0x30, (byte) 0x80, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00, 0x00};
    byte[] notASequence = {0x04, 0x02, 0x01, 0x01};
    byte[] hugeR = new byte[2 + 2 + 40 + 3];
    hugeR[0] = 0x30;
    hugeR[1] = (byte) (hugeR.length - 2);
    hugeR[2] = 0x02;
    hugeR[3] = 40;
    hugeR[4] = 0x01;
    hugeR[44] = 0x02;
    hugeR[45] = 0x01;
    hugeR[46] = 0x01;
    for (byte[] der : List.of(trailing, truncated, threeInts, negative, paddedZero, indefinite, notASequence, hugeR)) {
      byte[] file = (Base64.getEncoder().encodeToString(der) + "\n").getBytes(StandardCharsets.US_ASCII);
      SignatureException e = assertThrows(SignatureException.class,
          () -> Signatures.verify(List.of(ONE.getPublic()), DATA, file));
      assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
      assertTrue(e.getMessage().contains("DER ECDSA signature"), e.getMessage());
    }
  }

  @Test
  void wellFormedButOutOfRangeValuesDoNotVerify() {
    // r = s = 1 is valid DER but never a valid signature.
    byte[] der = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
    byte[] file = Base64.getEncoder().encode(der);
    SignatureException e = assertThrows(SignatureException.class,
        () -> Signatures.verify(List.of(ONE.getPublic()), DATA, file));
    assertEquals(Reason.NO_MATCHING_KEY, e.reason());
  }

  @Test
  void oversizeSignatureFilesAreRejectedBeforeDecoding() {
    byte[] file = "A".repeat(Signatures.MAX_SIGNATURE_FILE_BYTES + 4).getBytes(StandardCharsets.US_ASCII);
    SignatureException e = assertThrows(SignatureException.class,
        () -> Signatures.verify(List.of(ONE.getPublic()), DATA, file));
    assertEquals(Reason.MALFORMED, e.reason());
  }

  @Test
  void dataIsNeverParsed() {
    byte[] garbage = {(byte) 0xff, 0x00, '{', '"'};
    byte[] sig = Signatures.sign(ONE.getPrivate(), garbage);
    assertSame(ONE.getPublic(), Signatures.verify(List.of(ONE.getPublic()), garbage, sig));
    byte[] empty = new byte[0];
    assertSame(ONE.getPublic(), Signatures.verify(List.of(ONE.getPublic()), empty, Signatures.sign(ONE.getPrivate(), empty)));
  }

  @Test
  void misuseIsAnArgumentError() throws Exception {
    byte[] sig = Signatures.sign(ONE.getPrivate(), DATA);
    assertThrows(IllegalArgumentException.class, () -> Signatures.verify(List.of(), DATA, sig));
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    KeyPair r = rsa.generateKeyPair();
    assertThrows(IllegalArgumentException.class, () -> Signatures.verify(List.of(r.getPublic()), DATA, sig));
    assertThrows(IllegalArgumentException.class, () -> Signatures.sign(r.getPrivate(), DATA));
  }

  private static KeyPair newPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
