package dev.airgap.bundle.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** Builds the SSLContext a registry's settings ask for. */
final class TlsContexts {
  private TlsContexts() {}

  static SSLContext forSettings(RegistrySettings settings) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      if (!settings.tlsVerify()) {
        context.init(null, new TrustManager[] {new TrustEverything()}, null);
      } else if (settings.caFile() != null) {
        context.init(null, withExtraCertificates(settings.caFile()), null);
      } else {
        return SSLContext.getDefault();
      }
      return context;
    } catch (NoSuchFileException e) {
      throw new CaFileException("the CA file " + settings.caFile() + " (ca-file) for " + settings.host()
          + " does not exist", e);
    } catch (GeneralSecurityException | IOException e) {
      if (settings.caFile() != null && settings.tlsVerify()) {
        throw new CaFileException("the CA file " + settings.caFile() + " (ca-file) for " + settings.host()
            + " could not be read as PEM certificates: " + e.getMessage(), e);
      }
      throw new IllegalArgumentException(
          "could not set up TLS for " + settings.host() + ": " + e.getMessage(), e);
    }
  }

  /** The JDK's trusted roots plus every certificate in a PEM file. */
  private static TrustManager[] withExtraCertificates(Path pemFile)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
    if (Files.isReadable(cacerts)) {
      try (InputStream in = Files.newInputStream(cacerts)) {
        store.load(in, null);
      }
    } else {
      store.load(null, null);
    }
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    int added = 0;
    try (InputStream in = Files.newInputStream(pemFile)) {
      for (Certificate cert : factory.generateCertificates(in)) {
        store.setCertificateEntry("bundle-extra-ca-" + added++, cert);
      }
    }
    if (added == 0) {
      throw new IOException("it holds no certificate");
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    return tmf.getTrustManagers();
  }

  /**
   * Accepts any certificate and any host name: used only with {@code tls-verify: false}. Being an
   * extended trust manager matters: the JDK then skips its own host-name check as well.
   */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
