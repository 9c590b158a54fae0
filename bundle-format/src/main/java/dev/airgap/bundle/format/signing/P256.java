package dev.airgap.bundle.format.signing;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.Map;

/** The one curve bundle keys use (NIST P-256, secp256r1, prime256v1) and the OIDs around it. */
final class P256 {
  static final String EC_PUBLIC_KEY_OID = "1.2.840.10045.2.1";
  static final String CURVE_OID = "1.2.840.10045.3.1.7";
  static final ECParameterSpec PARAMS = params();

  /** Names for OIDs people are likely to feed us by mistake, so the message says what it was. */
  private static final Map<String, String> KNOWN = Map.of(
      "1.2.840.113549.1.1.1", "an RSA key",
      "1.3.101.112", "an Ed25519 key",
      "1.3.101.113", "an Ed448 key",
      "1.2.840.10040.4.1", "a DSA key",
      "1.3.132.0.34", "curve P-384",
      "1.3.132.0.35", "curve P-521",
      "1.3.132.0.10", "curve secp256k1");

  private P256() {}

  static String describe(String oid) {
    return KNOWN.getOrDefault(oid, "OID " + oid);
  }

  /** True when {@code key} is an EC key on P-256; ECParameterSpec has no equals, so compare parts. */
  static boolean isP256(Key key) {
    if (!(key instanceof ECKey ec)) {
      return false;
    }
    ECParameterSpec p = ec.getParams();
    return p.getCurve().equals(PARAMS.getCurve())
        && p.getGenerator().equals(PARAMS.getGenerator())
        && p.getOrder().equals(PARAMS.getOrder())
        && p.getCofactor() == PARAMS.getCofactor();
  }

  /**
   * True when the public point satisfies the curve equation y^2 = x^3 + ax + b (mod p). The JDK
   * builds a key from any coordinates, so a corrupted .pub would otherwise load and then just
   * never verify anything; checking here names the file as the problem.
   */
  static boolean isOnCurve(ECPublicKey key) {
    ECPoint w = key.getW();
    if (w.equals(ECPoint.POINT_INFINITY)) {
      return false;
    }
    BigInteger p = ((ECFieldFp) PARAMS.getCurve().getField()).getP();
    BigInteger x = w.getAffineX();
    BigInteger y = w.getAffineY();
    if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right = x.pow(3).add(PARAMS.getCurve().getA().multiply(x)).add(PARAMS.getCurve().getB()).mod(p);
    return left.equals(right);
  }

  static void requireP256(Key key, String role) {
    if (!isP256(key)) {
      throw new IllegalArgumentException(
          role + " must be an ECDSA P-256 key, not " + (key == null ? "null" : key.getAlgorithm()));
    }
    if (key instanceof ECPublicKey pub && !isOnCurve(pub)) {
      throw new IllegalArgumentException(role + " is not a point on the P-256 curve");
    }
  }

  private static ECParameterSpec params() {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      return p.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK does not support the P-256 curve", e);
    }
  }
}
