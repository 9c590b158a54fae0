package dev.airgap.bundle.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed EC P-256 certificates made per run with the openssl CLI (the JDK has no public API to
 * issue X.509 certificates), and the JDK objects needed to serve or trust them.
 */
final class TlsMaterial {

  private TlsMaterial() {}

  /**
   * Writes a self-signed certificate valid for 127.0.0.1 and localhost, as TLS clients check the
   * SAN, never the CN.
   */
  static void issueServerCertificate(Path certFile, Path keyFile) throws IOException {
    openssl(certFile, keyFile, "bundle-test-registry",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-addext", "extendedKeyUsage=serverAuth");
  }

  /** Writes the self-signed certificate whose key signs registry tokens. */
  static void issueSigningCertificate(Path certFile, Path keyFile) throws IOException {
    openssl(certFile, keyFile, "bundle-test-token-signer");
  }

  private static void openssl(Path certFile, Path keyFile, String commonName, String... extensions)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509",
        "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "3",
        "-subj", "/CN=" + commonName,
        "-keyout", keyFile.toString(), "-out", certFile.toString()));
    command.addAll(List.of(extensions));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("cannot run openssl to make a test certificate; install openssl", e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException("openssl failed: " + String.join(" ", command) + "\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running openssl", e);
    }
  }

  static X509Certificate readCertificate(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (GeneralSecurityException e) {
      throw new IOException("not a PEM certificate: " + pem, e);
    }
  }

  /** Reads the PKCS#8 "PRIVATE KEY" PEM that OpenSSL 3 writes for {@code -newkey ec}. */
  static PrivateKey readPrivateKey(Path pem) throws IOException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN PRIVATE KEY-----";
    String end = "-----END PRIVATE KEY-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IOException("no PKCS#8 private key in " + pem);
    }
    byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IOException("not an EC private key: " + pem, e);
    }
  }

  /** A client context that trusts exactly the given certificate. */
  static SSLContext trusting(Path certPem) throws IOException {
    try {
      KeyStore trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      trustStore.setCertificateEntry("bundle-test", readCertificate(certPem));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build a trust store for " + certPem, e);
    }
  }

  /** A server context presenting the given certificate and key. */
  static SSLContext serving(Path certPem, Path keyPem) throws IOException {
    try {
      char[] password = "unused".toCharArray();
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry("bundle-test", readPrivateKey(keyPem), password,
          new Certificate[] {readCertificate(certPem)});
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build a key store for " + certPem, e);
    }
  }

  static String base64Der(X509Certificate certificate) throws IOException {
    try {
      return Base64.getEncoder().encodeToString(certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot encode certificate", e);
    }
  }
}
