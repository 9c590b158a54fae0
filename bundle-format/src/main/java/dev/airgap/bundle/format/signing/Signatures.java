package dev.airgap.bundle.format.signing;

import dev.airgap.bundle.format.signing.SignatureException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Detached ECDSA P-256 / SHA-256 signatures over raw bytes (the bundle index).
 *
 * <p>A signature file is one line: the standard base64 (no wrapping) of the DER-encoded
 * signature, then {@code \n}. That is exactly what {@code openssl dgst -sha256 -sign KEY | base64
 * -w0} produces, and {@code base64 -d} turns it back into what {@code openssl dgst -verify} takes.
 *
 * <p>Verification only hashes the data; it never parses it, so untrusted content is not
 * interpreted before its signature has been checked.
 */
public final class Signatures {
  private static final String ALGORITHM = "SHA256withECDSA";
  /** A P-256 DER signature is at most 72 bytes (96 base64 characters); allow generous whitespace. */
  static final int MAX_SIGNATURE_FILE_BYTES = 4096;
  /** r and s are below the 32-byte group order, plus one leading zero byte when the top bit is set. */
  private static final int MAX_INTEGER_BYTES = 33;

  private Signatures() {}

  /** Signs {@code data} and returns the signature file's content (ASCII base64 and a newline). */
  public static byte[] sign(PrivateKey key, byte[] data) {
    P256.requireP256(key, "the signing key");
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(key);
      signer.update(data);
      String line = Base64.getEncoder().encodeToString(signer.sign()) + "\n";
      return line.getBytes(StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing with ECDSA P-256 failed", e);
    }
  }

  /**
   * Checks {@code signatureFile} over {@code data} against each trusted key in turn and returns
   * the first key that verifies it. Whitespace around and inside the base64 is ignored, so a
   * line-wrapped {@code base64} output is accepted too.
   *
   * @throws SignatureException when the file is empty, not base64, not a DER ECDSA signature, or
   *     verified by none of the trusted keys
   * @throws IllegalArgumentException when {@code trusted} is empty or holds a non-P-256 key
   */
  public static PublicKey verify(List<PublicKey> trusted, byte[] data, byte[] signatureFile) {
    if (trusted == null || trusted.isEmpty()) {
      throw new IllegalArgumentException("no trusted public keys were given to verify the signature with");
    }
    trusted.forEach(k -> P256.requireP256(k, "a trusted key"));
    byte[] der = decode(signatureFile);
    requireDerSignature(der);
    for (PublicKey key : trusted) {
      if (verifiesWith(key, data, der)) {
        return key;
      }
    }
    String tried = trusted.stream().map(KeyFiles::fingerprint).collect(Collectors.joining(", "));
    throw new SignatureException(Reason.NO_MATCHING_KEY,
        "the signature does not match any of the " + trusted.size() + " trusted "
            + (trusted.size() == 1 ? "key" : "keys") + " (" + tried + "): the content was signed "
            + "by another key or changed after it was signed");
  }

  private static byte[] decode(byte[] signatureFile) {
    if (signatureFile == null || signatureFile.length == 0) {
      throw new SignatureException(Reason.UNSIGNED, "the content is unsigned: the signature file is empty");
    }
    if (signatureFile.length > MAX_SIGNATURE_FILE_BYTES) {
      throw new SignatureException(Reason.MALFORMED, "the signature file is " + signatureFile.length
          + " bytes; an ECDSA P-256 signature file is about 100 bytes");
    }
    StringBuilder b64 = new StringBuilder(signatureFile.length);
    for (byte b : signatureFile) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        b64.append((char) (b & 0xff));
      }
    }
    if (b64.length() == 0) {
      throw new SignatureException(Reason.UNSIGNED, "the content is unsigned: the signature file is blank");
    }
    try {
      // The JDK decoder tolerates missing padding; standard base64 as we and openssl write it has it.
      if (b64.length() % 4 != 0) {
        throw new IllegalArgumentException("unpadded");
      }
      return Base64.getDecoder().decode(b64.toString());
    } catch (IllegalArgumentException e) {
      throw new SignatureException(Reason.NOT_BASE64,
          "the signature file is not base64 (expected one line of base64-encoded DER ECDSA signature)");
    }
  }

  /** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, strictly DER, nothing after it. */
  private static void requireDerSignature(byte[] der) {
    try {
      List<Der.Element> parts = Der.read(der).expect(Der.SEQUENCE, "signature").children();
      if (parts.size() != 2) {
        throw new Der.MalformedDerException("expected two integers (r, s) but found " + parts.size() + " fields");
      }
      for (int i = 0; i < 2; i++) {
        Der.Element part = parts.get(i);
        String name = i == 0 ? "r" : "s";
        Der.requirePositiveInteger(part, name);
        if (part.end() - part.start() > MAX_INTEGER_BYTES) {
          throw new Der.MalformedDerException(name + " is too long for a P-256 signature");
        }
      }
    } catch (Der.MalformedDerException e) {
      throw new SignatureException(Reason.MALFORMED,
          "the signature file does not hold a DER ECDSA signature: " + e.getMessage());
    }
  }

  private static boolean verifiesWith(PublicKey key, byte[] data, byte[] der) {
    try {
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(der);
    } catch (java.security.SignatureException e) {
      // Our DER check passed, so the JDK's objection is about values (e.g. r or s out of range):
      // this key does not verify it, and neither will any other.
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA P-256 verification is not available", e);
    }
  }
}
