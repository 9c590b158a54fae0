package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a host is reached, the way users write it: settings under {@code registries} reach the
 * targets on that host, and a TLS or plain-HTTP mismatch is one sentence naming the host and the
 * setting that fixes it, for every command, with exit 4.
 */
class ConnectionSettingsCliTest {
  @RegisterExtension static RegistryExtension plain = RegistryExtension.anonymous();
  @RegisterExtension static RegistryExtension tls = RegistryExtension.tls();

  @TempDir static Path shared;
  @TempDir Path temp;

  private static TestImage app;
  private static Path bundle;

  @BeforeAll
  static void exportOnce() throws Exception {
    app = TestImages.seeded(4242).oci().layers(1).layerSize(20_000).build();
    Skopeo.seed(shared, plain.host() + "/org/app:1.0", app);
    Files.writeString(shared.resolve("releases.yaml"),
        "releases:\n  - version: 1.0.0\n    images:\n      app: " + plain.host() + "/org/app:1.0\n");
    Files.writeString(shared.resolve("up.json"), "{\"registries\":{\"" + plain.host() + "\":{\"plain-http\":true}}}");
    assertEquals(0, CliRun.run("keygen", "--out", shared.resolve("k").toString()).exitCode());
    bundle = shared.resolve("b.tar.zst");
    CliRun run = export(shared.resolve("up.json"), bundle);
    assertEquals(0, run.exitCode(), run.err());
  }

  // ---- item 1: a host's entry reaches the targets on it ----

  @Test
  void aPlainHttpTargetNeedsTheSettingOnlyUnderRegistries() throws Exception {
    Path config = write("{\"registries\":{\"" + plain.host() + "\":{\"plain-http\":true}},"
        + "\"targets\":{\"lab\":{\"url\":\"" + plain.host() + "/inherit\"}}}");
    CliRun run = importInto(config);
    assertEquals(0, run.exitCode(), run.err());
    assertArrayEquals(app.bytes(), Skopeo.inspectRaw("docker://" + plain.host() + "/inherit/org/app:1.0", false));
    CliRun status = CliRun.run("status", "--target", "lab", "--config", config.toString());
    assertEquals(0, status.exitCode(), status.err());
  }

  @Test
  void aTlsTargetTrustsTheCaFileGivenOnlyUnderRegistries() throws Exception {
    Path config = write("{\"registries\":{\"" + tls.host() + "\":{\"ca-file\":\"" + tls.caCertificate() + "\"}},"
        + "\"targets\":{\"lab\":{\"url\":\"" + tls.host() + "/inherit\"}}}");
    CliRun run = importInto(config);
    assertEquals(0, run.exitCode(), run.err());
    assertArrayEquals(app.bytes(), Skopeo.inspectRaw("docker://" + tls.host() + "/inherit/org/app:1.0", false));
    CliRun status = CliRun.run("status", "--target", "lab", "--config", config.toString());
    assertEquals(0, status.exitCode(), status.err());
  }

  // ---- item 2: mismatches are one sentence with the key that fixes them ----

  @Test
  void exportFromAPlainRegistryOverTlsNamesThePlainHttpKey() throws Exception {
    CliRun run = export(write("{}"), temp.resolve("x.tar.zst"));
    assertMismatch(run, plain.host(), "registries.\"" + plain.host() + "\".plain-http");
  }

  @Test
  void exportFromAnUntrustedTlsRegistryNamesTheCaFileKey() throws Exception {
    Skopeo.copy("docker://" + plain.host() + "/org/app:1.0", "docker://" + tls.host() + "/org/app:1.0",
        "--src-tls-verify=false", "--dest-tls-verify=false");
    Path catalog = temp.resolve("tls.yaml");
    Files.writeString(catalog, "releases:\n  - version: 1.0.0\n    images:\n      app: " + tls.host() + "/org/app:1.0\n");
    CliRun run = CliRun.run("export", "--release", "1.0.0", "--catalog", catalog.toString(), "--config",
        write("{}").toString(), "--output", temp.resolve("x.tar.zst").toString(), "--sign-key",
        shared.resolve("k.key").toString(), "--cache", temp.resolve("cache").toString());
    assertMismatch(run, tls.host(), "registries.\"" + tls.host() + "\".ca-file");
    assertFalse(Files.exists(temp.resolve("x.tar.zst")));
  }

  @Test
  void importAndStatusIntoAPlainRegistryOverTlsNameTheTargetsPlainHttpKey() throws Exception {
    Path config = write("{\"targets\":{\"lab\":{\"url\":\"" + plain.host() + "/m\"}}}");
    assertMismatch(importInto(config), plain.host(), "targets.lab.plain-http");
    assertMismatch(CliRun.run("status", "--target", "lab", "--config", config.toString()), plain.host(),
        "targets.lab.plain-http");
  }

  @Test
  void importAndStatusIntoAnUntrustedTlsRegistryNameTheCaFileKey() throws Exception {
    Path config = write("{\"targets\":{\"lab\":{\"url\":\"" + tls.host() + "/m\"}}}");
    assertMismatch(importInto(config), tls.host(), "targets.lab.ca-file");
    assertMismatch(CliRun.run("status", "--target", "lab", "--config", config.toString()), tls.host(),
        "targets.lab.ca-file");
  }

  @Test
  void plainHttpToATlsRegistryNamesThePlainHttpKey() throws Exception {
    Path config = write("{\"targets\":{\"lab\":{\"url\":\"" + tls.host() + "/m\",\"plain-http\":true}}}");
    assertMismatch(importInto(config), tls.host(), "targets.lab.plain-http");
  }

  @Test
  void aCertificateForAnotherNameNamesTheHostAndTlsVerify() throws Exception {
    // The registry's certificate names 127.0.0.1 and localhost; this machine's own name is neither.
    String port = tls.host().substring(tls.host().lastIndexOf(':') + 1);
    String otherName = java.net.InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
    org.junit.jupiter.api.Assumptions.assumeTrue(!otherName.equals("localhost")
        && java.net.InetAddress.getByName(otherName).isLoopbackAddress(), "this machine's name must lead to 127.0.0.1");
    String host = otherName + ":" + port;
    Path config = write("{\"targets\":{\"lab\":{\"url\":\"" + host + "/m\",\"ca-file\":\"" + tls.caCertificate() + "\"}}}");
    CliRun run = CliRun.run("status", "--target", "lab", "--config", config.toString());
    assertMismatch(run, host, "targets.lab.tls-verify");
    assertTrue(run.err().contains("name"), run.err());
  }

  @Test
  void inspectNamesTheCommandLineOptions() {
    assertMismatch(CliRun.run("inspect", plain.host() + "/org/app:1.0"), plain.host(), "--plain-http");
    assertMismatch(CliRun.run("inspect", tls.host() + "/org/app:1.0"), tls.host(), "--ca-file");
  }

  @Test
  void credentialsRotateThroughAnAdminApiNamesTheCaFileKey() throws Exception {
    Path token = temp.resolve("api-token");
    Files.writeString(token, "not-a-real-token\n");
    Path config = write("{\"targets\":{\"q\":{\"url\":\"" + tls.host() + "/org\",\"flavor\":\"quay\","
        + "\"tokens\":{\"api\":\"" + token + "\"},\"pull\":{\"robot\":\"cluster_pull\",\"namespaces\":[\"apps\"]}}}}");
    CliRun run = CliRun.run("credentials", "rotate", "--target", "q", "--config", config.toString(),
        "--output-dir", temp.resolve("out").toString());
    assertMismatch(run, tls.host(), "targets.q.ca-file");
  }

  @Test
  void aCaFileThatIsMissingOrHoldsNoCertificateIsNamedAsTheCaFile() throws Exception {
    Path missing = temp.resolve("certs/typo-ca.pem");
    Path notPem = Files.writeString(temp.resolve("not-a-cert.pem"), "hello\n");
    for (Path caFile : List.of(missing, notPem)) {
      Path config = write("{\"registries\":{\"" + tls.host() + "\":{\"ca-file\":\"" + caFile + "\"}},"
          + "\"targets\":{\"lab\":{\"url\":\"" + tls.host() + "/m\"}}}");
      CliRun status = CliRun.run("status", "--target", "lab", "--config", config.toString());
      assertEquals(1, status.exitCode(), status.err());
      assertTrue(status.err().startsWith("error: the CA file " + caFile + " (ca-file) for " + tls.host()), status.err());
      assertFalse(status.err().contains("--debug") || status.err().contains("Exception"), status.err());
    }
  }

  @Test
  void inspectImageTakesTheHostsSettingsFromTheConfigFile() throws Exception {
    Path config = write("{\"registries\":{\"" + plain.host() + "\":{\"plain-http\":true},"
        + "\"" + tls.host() + "\":{\"ca-file\":\"" + tls.caCertificate() + "\"}}}");
    CliRun run = CliRun.run("inspect", plain.host() + "/org/app:1.0", "--config", config.toString(), "--json");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains(app.digest()), run.out());
    Skopeo.copy("docker://" + plain.host() + "/org/app:1.0", "docker://" + tls.host() + "/org/inspect:1.0",
        "--src-tls-verify=false", "--dest-tls-verify=false");
    CliRun overTls = CliRun.run("inspect", tls.host() + "/org/inspect:1.0", "--config", config.toString());
    assertEquals(0, overTls.exitCode(), overTls.err());
    // Without the file, a mismatch names the command-line option; with it, the file's key.
    assertMismatch(CliRun.run("inspect", plain.host() + "/org/app:1.0", "--config", write("{}").toString()),
        plain.host(), "registries.\"" + plain.host() + "\".plain-http");
  }

  private static void assertMismatch(CliRun run, String host, String key) {
    assertEquals(4, run.exitCode(), run.err());
    assertTrue(run.err().contains(host), "the host is named: " + run.err());
    assertTrue(run.err().contains(key), "the key " + key + " is named: " + run.err());
    assertTrue(run.err().contains("hint: Change the setting named above"), "the hint points at the setting: " + run.err());
    for (String raw : List.of("SSLException", "javax", "PKIX", "Unrecognized SSL message", "CertificateException")) {
      assertFalse(run.err().contains(raw), "no raw Java text (" + raw + "): " + run.err());
    }
  }

  private static CliRun export(Path config, Path output) {
    return CliRun.run("export", "--release", "1.0.0", "--catalog", shared.resolve("releases.yaml").toString(),
        "--config", config.toString(), "--output", output.toString(), "--sign-key", shared.resolve("k.key").toString(),
        "--cache", shared.resolve("cache-" + System.nanoTime()).toString());
  }

  private CliRun importInto(Path config) {
    List<String> args = new ArrayList<>(List.of("import", bundle.toString(), "--target", "lab", "--config",
        config.toString(), "--trust", shared.resolve("k.pub").toString(), "--output-dir", temp.resolve("out").toString()));
    return CliRun.run(args.toArray(String[]::new));
  }

  private Path write(String json) throws Exception {
    Path file = Files.createTempFile(temp, "registries", ".json");
    Files.writeString(file, json);
    return file;
  }
}
