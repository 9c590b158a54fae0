package dev.airgap.bundle.format.signing;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * ECDSA P-256 key files in the PEM forms openssl reads and writes: {@code PREFIX.key} holds the
 * private key as PKCS#8 ({@code PRIVATE KEY}), {@code PREFIX.pub} the public key as SPKI
 * ({@code PUBLIC KEY}). Reading also accepts openssl's traditional {@code EC PRIVATE KEY} (SEC1).
 */
public final class KeyFiles {
  /** A key file is a few hundred bytes; anything much larger is not a key. */
  static final int MAX_KEY_FILE_BYTES = 64 * 1024;

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

  /** The files {@link #generate} wrote, and the public key's fingerprint to show the user. */
  public record GeneratedKeys(Path privateKey, Path publicKey, String fingerprint) {}

  private KeyFiles() {}

  /**
   * Creates a new key pair as {@code PREFIX.key} (mode 0600) and {@code PREFIX.pub}. Neither file
   * may exist: an existing key is never overwritten ({@link FileAlreadyExistsException}). Each file
   * appears under its final name complete and fsynced, or not at all.
   */
  public static GeneratedKeys generate(Path prefix) throws IOException {
    Path keyFile = withSuffix(prefix, ".key");
    Path pubFile = withSuffix(prefix, ".pub");
    for (Path p : List.of(keyFile, pubFile)) {
      if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(p.toString(), null, "refusing to overwrite an existing key file");
      }
    }
    KeyPair pair = newKeyPair();
    byte[] privatePem = new Pem("PRIVATE KEY", pair.getPrivate().getEncoded()).encode()
        .getBytes(StandardCharsets.US_ASCII);
    byte[] publicPem = new Pem("PUBLIC KEY", pair.getPublic().getEncoded()).encode()
        .getBytes(StandardCharsets.US_ASCII);
    writeNew(keyFile, privatePem, OWNER_ONLY);
    try {
      writeNew(pubFile, publicPem, WORLD_READABLE);
    } catch (IOException | RuntimeException e) {
      // Half a key pair is worse than none: the next attempt would refuse to overwrite the .key.
      Files.deleteIfExists(keyFile);
      throw e;
    }
    return new GeneratedKeys(keyFile, pubFile, fingerprint(pair.getPublic()));
  }

  /** Reads a PKCS#8 {@code PRIVATE KEY} (or SEC1 {@code EC PRIVATE KEY}) on P-256. */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    Pem pem = singleKeyBlock(file);
    try {
      PrivateKey key = switch (pem.type()) {
        case "PRIVATE KEY" -> pkcs8(file, pem.der());
        case "EC PRIVATE KEY" -> sec1(file, pem.der());
        case "ENCRYPTED PRIVATE KEY" -> throw bad(file, "holds an encrypted private key; "
            + "bundle needs an unencrypted PKCS#8 key (protect it with file permissions)");
        case "PUBLIC KEY" -> throw bad(file, "holds a PUBLIC KEY, not a private key "
            + "(pass the .key file made by 'bundle keygen', not the .pub)");
        default -> throw bad(file, "holds a '" + pem.type() + "' block; expected an ECDSA P-256 "
            + "'PRIVATE KEY' (PKCS#8)");
      };
      return requireCurve(file, key);
    } catch (Der.MalformedDerException e) {
      throw bad(file, "is corrupt: " + e.getMessage());
    }
  }

  /** Reads an SPKI {@code PUBLIC KEY} on P-256. */
  public static PublicKey readPublicKey(Path file) throws IOException {
    Pem pem = singleKeyBlock(file);
    try {
      PublicKey key = switch (pem.type()) {
        case "PUBLIC KEY" -> spki(file, pem.der());
        case "PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> throw bad(file,
            "holds a private key where a public key was expected (pass the .pub file; the private "
                + "key should never leave the signing machine)");
        case "CERTIFICATE" -> throw bad(file, "holds a certificate; extract its key with "
            + "'openssl x509 -pubkey -noout -in FILE'");
        default -> throw bad(file, "holds a '" + pem.type() + "' block; expected an ECDSA P-256 "
            + "'PUBLIC KEY'");
      };
      return requireCurve(file, key);
    } catch (Der.MalformedDerException e) {
      throw bad(file, "is corrupt: " + e.getMessage());
    }
  }

  /**
   * The key's identity as shown to users and recorded in bundles: {@code sha256:} and the
   * lowercase hex SHA-256 of its SubjectPublicKeyInfo DER (uncompressed point, named curve). This
   * is the same value as {@code openssl pkey -pubin -in KEY.pub -outform DER | sha256sum}.
   */
  public static String fingerprint(PublicKey key) {
    if (!"X.509".equals(key.getFormat())) {
      throw new IllegalArgumentException("a public key without an SPKI encoding cannot be fingerprinted");
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return "sha256:" + HexFormat.of().formatHex(hash);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate P-256 keys", e);
    }
  }

  private static PrivateKey pkcs8(Path file, byte[] der) {
    // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier, OCTET STRING, ... }
    List<Der.Element> info = Der.read(der).expect(Der.SEQUENCE, "PrivateKeyInfo").children();
    if (info.size() < 3) {
      throw new Der.MalformedDerException("PrivateKeyInfo has " + info.size() + " fields");
    }
    requireEcAlgorithm(file, info.get(1));
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw bad(file, "holds a private key the JDK rejects: " + e.getMessage());
    }
  }

  private static PrivateKey sec1(Path file, byte[] der) {
    // ECPrivateKey ::= SEQUENCE { version 1, OCTET STRING d, [0] curve OID OPTIONAL, [1] pub OPTIONAL }
    List<Der.Element> fields = Der.read(der).expect(Der.SEQUENCE, "ECPrivateKey").children();
    if (fields.size() < 2) {
      throw new Der.MalformedDerException("ECPrivateKey has " + fields.size() + " fields");
    }
    byte[] d = fields.get(1).expect(Der.OCTET_STRING, "private scalar").content();
    Der.Element curve = fields.stream().filter(f -> f.tag() == 0xa0).findFirst()
        .orElseThrow(() -> bad(file, "holds an EC PRIVATE KEY without its curve; expected P-256"));
    String curveOid = Der.oid(Der.read(curve.content()));
    if (!P256.CURVE_OID.equals(curveOid)) {
      throw bad(file, "holds a key on " + P256.describe(curveOid) + "; bundle keys use P-256");
    }
    try {
      return KeyFactory.getInstance("EC")
          .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, d), P256.PARAMS));
    } catch (GeneralSecurityException e) {
      throw bad(file, "holds a private key the JDK rejects: " + e.getMessage());
    }
  }

  private static PublicKey spki(Path file, byte[] der) {
    // SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier, BIT STRING }
    List<Der.Element> info = Der.read(der).expect(Der.SEQUENCE, "SubjectPublicKeyInfo").children();
    if (info.size() != 2) {
      throw new Der.MalformedDerException("SubjectPublicKeyInfo has " + info.size() + " fields");
    }
    requireEcAlgorithm(file, info.get(0));
    info.get(1).expect(Der.BIT_STRING, "public key");
    try {
      return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw bad(file, "holds a public key the JDK rejects: " + e.getMessage());
    }
  }

  /** AlgorithmIdentifier must be id-ecPublicKey with the named curve P-256. */
  private static void requireEcAlgorithm(Path file, Der.Element algorithmIdentifier) {
    List<Der.Element> alg = algorithmIdentifier.expect(Der.SEQUENCE, "AlgorithmIdentifier").children();
    if (alg.isEmpty()) {
      throw new Der.MalformedDerException("empty AlgorithmIdentifier");
    }
    String algorithm = Der.oid(alg.get(0));
    if (!P256.EC_PUBLIC_KEY_OID.equals(algorithm)) {
      throw bad(file, "holds " + P256.describe(algorithm) + "; bundle keys are ECDSA P-256");
    }
    if (alg.size() != 2 || alg.get(1).tag() != Der.OID) {
      throw bad(file, "holds an EC key with explicit curve parameters; expected the named curve P-256");
    }
    String curve = Der.oid(alg.get(1));
    if (!P256.CURVE_OID.equals(curve)) {
      throw bad(file, "holds a key on " + P256.describe(curve) + "; bundle keys use P-256");
    }
  }

  private static <K extends java.security.Key> K requireCurve(Path file, K key) {
    if (!P256.isP256(key)) {
      throw bad(file, "does not hold a P-256 key");
    }
    if (key instanceof ECPublicKey pub && !P256.isOnCurve(pub)) {
      throw bad(file, "is corrupt: its public point is not on the P-256 curve");
    }
    return key;
  }

  /** The one PEM key block in a file, skipping openssl's optional "EC PARAMETERS" block. */
  private static Pem singleKeyBlock(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_KEY_FILE_BYTES) {
      throw bad(file, "is " + size + " bytes, too large for a key file");
    }
    String text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    List<Pem> blocks;
    try {
      blocks = Pem.parseAll(text).stream().filter(p -> !p.type().equals("EC PARAMETERS")).toList();
    } catch (Pem.MalformedPemException e) {
      throw bad(file, "is not a valid PEM file: " + e.getMessage());
    }
    if (blocks.isEmpty()) {
      throw bad(file, "is not a PEM key file (no '-----BEGIN ...-----' line)");
    }
    if (blocks.size() > 1) {
      throw bad(file, "holds " + blocks.size() + " PEM blocks; expected exactly one key");
    }
    return blocks.get(0);
  }

  private static KeyFileException bad(Path file, String problem) {
    return new KeyFileException("key file " + file + " " + problem);
  }

  private static Path withSuffix(Path prefix, String suffix) {
    Path name = prefix.getFileName();
    if (name == null) {
      throw new IllegalArgumentException("'" + prefix + "' has no file name to use as a key prefix");
    }
    return prefix.resolveSibling(name + suffix);
  }

  /**
   * Writes a file that must not exist yet: content goes to a temporary file in the same
   * directory, is fsynced, then hard-linked to the final name. link(2) fails if the name exists,
   * so unlike rename it can never replace a key that appeared meanwhile.
   */
  private static void writeNew(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    // On POSIX the temporary file is created 0600, so the private key is never readable by others.
    Path temp = posix
        ? Files.createTempFile(dir, "." + target.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
        : Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (posix) {
        Files.setPosixFilePermissions(temp, mode);
      }
      try {
        Files.createLink(target, temp);
      } catch (FileAlreadyExistsException e) {
        throw e;
      } catch (UnsupportedOperationException | FileSystemException e) {
        // No hard links here (some network and FUSE file systems): a move without
        // REPLACE_EXISTING still refuses an existing name, with a tiny check-then-rename window.
        Files.move(temp, target);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(dir);
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Not every platform can open or fsync a directory; the file itself is already synced.
    }
  }
}
