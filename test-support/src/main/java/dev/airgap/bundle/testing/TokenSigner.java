package dev.airgap.bundle.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Issues the JWTs that distribution 2.8's {@code auth.token} controller accepts. Its rules, from
 * {@code registry/auth/token/token.go}:
 *
 * <ul>
 *   <li>{@code iss} must equal the configured issuer and {@code aud} the configured service; {@code
 *       aud} must be a JSON string, because 2.8 unmarshals it into a Go string and rejects an array
 *       as a malformed token;
 *   <li>{@code exp} and {@code nbf} are integer seconds, each checked with 60 s of leeway;
 *   <li>the signing key is found from {@code x5c} (standard base64 DER, leaf first), whose chain
 *       must verify against {@code rootcertbundle}; a self-signed leaf listed there verifies;
 *   <li>ES256 signatures are raw {@code r||s} (64 bytes), not DER, and {@code alg} must match the
 *       key's curve;
 *   <li>{@code access} entries grant {@code actions} on {@code type}/{@code name}; {@code *} grants
 *       every action.
 * </ul>
 */
final class TokenSigner {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final String issuer;
  private final String audience;
  private final PrivateKey key;
  private final String encodedHeader;

  TokenSigner(String issuer, String audience, X509Certificate certificate, PrivateKey key)
      throws IOException {
    this.issuer = issuer;
    this.audience = audience;
    this.key = key;
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", "JWT");
    header.put("alg", "ES256");
    header.put("x5c", List.of(TlsMaterial.base64Der(certificate)));
    this.encodedHeader = encode(Json.write(header));
  }

  String issuer() {
    return issuer;
  }

  /** A signed token for {@code subject} ("" when anonymous) granting {@code access}. */
  String sign(String subject, List<Scope> access, Instant issuedAt, Duration lifetime) {
    long now = issuedAt.getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("sub", subject);
    claims.put("aud", audience);
    claims.put("exp", now + lifetime.toSeconds());
    claims.put("nbf", now);
    claims.put("iat", now);
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("access", access.stream().map(Scope::claim).toList());
    String signingInput = encodedHeader + "." + encode(Json.write(claims));
    try {
      Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + BASE64URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a registry token", e);
    }
  }

  private static String encode(String json) {
    return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
