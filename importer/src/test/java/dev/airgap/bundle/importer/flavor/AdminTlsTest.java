package dev.airgap.bundle.importer.flavor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.registry.ConnectionSettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API client trusts what the target's tls-verify and ca-file say, like the registry client. */
class AdminTlsTest {
  private static final String STORE_PASSWORD = "test-only";
  @TempDir static Path certs;
  private static FakeHarbor harbor;

  @TempDir Path dir;

  @BeforeAll
  static void serveHttps() throws Exception {
    Path store = certs.resolve("server.p12");
    // keytool ships with the JDK, so no openssl is needed; the SAN is what TLS clients check.
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=bundle-test-admin-api", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(),
        "-storepass", STORE_PASSWORD, "-file", certs.resolve("ca.pem").toString());
    harbor = new FakeHarbor(TestTargets.basic(Canary.USER, Canary.PASSWORD), serving(store));
  }

  @AfterAll
  static void stop() {
    harbor.close();
  }

  private FlavorAdapter adapter(String tls) {
    TestTargets targets = new TestTargets(dir).pushAuth(harbor.hostAndPort(), Canary.USER, Canary.PASSWORD);
    return TestTargets.adapter(targets.target("{\"url\": \"" + harbor.hostAndPort() + "/mirror\","
        + " \"flavor\": \"harbor\", \"tokens\": {\"push\": \"push.json\"}" + tls + "}"));
  }

  @Test
  void theDefaultIsHttpsToTheRegistryHost() {
    assertEquals("https", harbor.baseUrl().getScheme());
    adapter(", \"ca-file\": \"" + certs.resolve("ca.pem") + "\"").ensureRepository("mirror/etcd");
    assertTrue(harbor.has("mirror"));
  }

  @Test
  void anUntrustedCertificateIsATlsErrorThatPointsAtTheSettings() {
    ConnectionSettingsException e = assertThrows(ConnectionSettingsException.class,
        () -> adapter("").ensureRepository("other/etcd"));
    assertTrue(e.getMessage().startsWith("the Harbor API at https://" + harbor.hostAndPort()
        + " for target t failed: the TLS certificate of " + harbor.hostAndPort() + " is not signed by a CA"),
        e.getMessage());
    assertTrue(e.getMessage().contains("set targets.t.ca-file"), e.getMessage());
    Canary.assertAbsent(e);
  }

  @Test
  void tlsVerifyFalseAcceptsAnyCertificate() {
    adapter(", \"tls-verify\": false").ensureRepository("unverified/etcd");
    assertTrue(harbor.has("unverified"));
  }

  private static SSLContext serving(Path store) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, STORE_PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, STORE_PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("keytool failed: " + String.join(" ", command) + "\n" + output);
    }
  }
}
