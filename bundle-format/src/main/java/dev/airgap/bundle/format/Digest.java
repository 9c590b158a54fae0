package dev.airgap.bundle.format;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:<64 lowercase hex>}.
 *
 * <p>Digests end up in file names and URLs, so parsing is strict: only lowercase {@code sha256}
 * (64 hex) and {@code sha512} (128 hex) are accepted, and anything else is rejected rather than
 * normalised. A digest that parsed can never smuggle a path separator or a query into a request.
 */
public record Digest(String algorithm, String hex) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SHA512 = Pattern.compile("[0-9a-f]{128}");

  public Digest {
    if (algorithm == null || hex == null) {
      throw new IllegalArgumentException("a digest needs an algorithm and a hex value");
    }
    boolean valid =
        switch (algorithm) {
          case "sha256" -> SHA256.matcher(hex).matches();
          case "sha512" -> SHA512.matcher(hex).matches();
          default -> false;
        };
    if (!valid) {
      throw new InvalidDigestException(algorithm + ":" + hex);
    }
  }

  /** Parses {@code algorithm:hex}, throwing {@link InvalidDigestException} on anything else. */
  @JsonCreator
  public static Digest parse(String text) {
    if (text == null) {
      throw new InvalidDigestException("null");
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new InvalidDigestException(text);
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  public static Optional<Digest> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (InvalidDigestException e) {
      return Optional.empty();
    }
  }

  /** True for strings that look like a digest reference rather than a tag. */
  public static boolean looksLikeDigest(String reference) {
    return reference != null && reference.contains(":");
  }

  public static Digest sha256(byte[] bytes) {
    return fromHash("sha256", newSha256().digest(bytes));
  }

  public static Digest fromHash(String algorithm, byte[] hash) {
    return new Digest(algorithm, HexFormat.of().formatHex(hash));
  }

  public static MessageDigest newSha256() {
    return newHasher("sha256");
  }

  /** A fresh hasher for this digest's algorithm. */
  public MessageDigest newHasher() {
    return newHasher(algorithm);
  }

  private static MessageDigest newHasher(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm.equals("sha512") ? "SHA-512" : "SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  /** Computes the digest of {@code bytes} with this digest's algorithm and compares. */
  public boolean matches(byte[] bytes) {
    return fromHash(algorithm, newHasher().digest(bytes)).equals(this);
  }

  /** The hex part alone, safe to use as a file name. */
  public String encoded() {
    return hex;
  }

  @JsonValue
  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
