package dev.airgap.bundle.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * Everything one test registry needs besides its process: a temporary directory with storage,
 * certificates, htpasswd file and configuration, the user, and the token server. Made before the
 * first start and removed after the last, so that restarts find it all unchanged.
 */
final class RegistrySetup implements AutoCloseable {

  enum Auth { NONE, HTPASSWD, TOKEN }

  static final String SERVICE = "bundle-test-registry";
  static final String ISSUER = "bundle-test-token-server";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;
  private RegistryConfig config;
  private SSLContext sslContext;
  private String username;
  private String password;
  private TokenServer tokenServer;

  private RegistrySetup(Path directory) {
    this.directory = directory;
  }

  static RegistrySetup create(boolean tls, Auth auth, Duration tokenLifetime,
      Set<String> anonymousTokenActions) throws IOException {
    RegistrySetup setup = new RegistrySetup(Files.createTempDirectory("bundle-registry-"));
    try {
      setup.populate(tls, auth, tokenLifetime, anonymousTokenActions);
      return setup;
    } catch (IOException | RuntimeException e) {
      setup.close(); // half-made files and a started token server are of no use
      throw e;
    }
  }

  private void populate(boolean tls, Auth auth, Duration tokenLifetime,
      Set<String> anonymousTokenActions) throws IOException {
    Path secrets = Files.createDirectories(directory.resolve("secrets"));
    Path tlsCertificate = null;
    Path tlsKey = null;
    if (tls) {
      // Alone in its directory as ca.crt, so that directory works as a docker/skopeo cert dir.
      tlsCertificate = Files.createDirectories(directory.resolve("tls")).resolve("ca.crt");
      tlsKey = secrets.resolve("tls.key");
      TlsMaterial.issueServerCertificate(tlsCertificate, tlsKey);
      sslContext = TlsMaterial.trusting(tlsCertificate);
    }
    if (auth != Auth.NONE) {
      username = "user-" + randomHex(4);
      password = randomHex(16);
    }
    Path htpasswd = null;
    RegistryConfig.TokenAuth tokenAuth = null;
    if (auth == Auth.HTPASSWD) {
      htpasswd = Htpasswd.write(secrets.resolve("htpasswd"), username, password);
    } else if (auth == Auth.TOKEN) {
      Path signingCertificate = secrets.resolve("token-signing.crt");
      Path signingKey = secrets.resolve("token-signing.key");
      TlsMaterial.issueSigningCertificate(signingCertificate, signingKey);
      TokenSigner signer = new TokenSigner(ISSUER, SERVICE,
          TlsMaterial.readCertificate(signingCertificate), TlsMaterial.readPrivateKey(signingKey));
      tokenServer = TokenServer.start(tls ? TlsMaterial.serving(tlsCertificate, tlsKey) : null,
          SERVICE, signer, tokenLifetime, anonymousTokenActions);
      tokenServer.addUser(username, password, "*");
      tokenAuth = new RegistryConfig.TokenAuth(
          tokenServer.realm().toString(), SERVICE, ISSUER, signingCertificate);
    }
    Path storage = Files.createDirectories(directory.resolve("storage"));
    config = new RegistryConfig(storage, randomHex(16), tlsCertificate, tlsKey, htpasswd,
        tokenAuth);
  }

  Path directory() {
    return directory;
  }

  RegistryConfig config() {
    return config;
  }

  Path logFile() {
    return directory.resolve("registry.log");
  }

  /** Trusts the registry's and the token server's certificate; null for plain HTTP. */
  SSLContext sslContext() {
    return sslContext;
  }

  /** Null without authentication. */
  String username() {
    return username;
  }

  /** Null without authentication. */
  String password() {
    return password;
  }

  /** Adds or replaces a user of an htpasswd registry. */
  void addUser(String user, String secret) throws IOException {
    if (config.htpasswd() == null) {
      throw new IllegalStateException("this registry has no htpasswd file");
    }
    Htpasswd.add(config.htpasswd(), user, secret);
  }

  /** A server context presenting the registry's certificate; null for plain HTTP. */
  SSLContext serverSslContext() throws IOException {
    return config.tlsCertificate() == null ? null : TlsMaterial.serving(config.tlsCertificate(), config.tlsKey());
  }

  /** Null without token auth. */
  TokenServer tokenServer() {
    return tokenServer;
  }

  @Override
  public void close() {
    if (tokenServer != null) {
      tokenServer.close();
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete test registry files " + directory, e);
    }
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
