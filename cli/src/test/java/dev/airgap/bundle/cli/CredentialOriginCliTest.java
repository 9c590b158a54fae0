package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.testing.FaultProxy;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * `bundle import` into a TLS registry with a password: the credentials reach that registry only,
 * never an upload Location on another origin nor one that drops to plain HTTP, and a registry that
 * echoes them in an error never gets them shown.
 *
 * <p>The target's url is a TLS {@link FaultProxy} in front of the real registry; "elsewhere" is a
 * second one on another port, i.e. another origin, recording what it receives.
 */
class CredentialOriginCliTest {
  @RegisterExtension static RegistryExtension upstream = RegistryExtension.anonymous();
  @RegisterExtension static RegistryExtension target = RegistryExtension.htpasswd();
  @RegisterExtension static RegistryExtension privateUpstream = RegistryExtension.htpasswd();

  @TempDir static Path shared;
  @TempDir Path temp;

  private static Path bundle;
  private FaultProxy front;
  private FaultProxy elsewhere;
  private FaultProxy plainElsewhere;

  @BeforeAll
  static void exportOnce() throws Exception {
    Skopeo.seed(shared, upstream.host() + "/org/app:1.0", TestImages.seeded(5150).oci().layers(2).build());
    Files.writeString(shared.resolve("releases.yaml"),
        "releases:\n  - version: 1.0.0\n    images:\n      app: " + upstream.host() + "/org/app:1.0\n");
    Files.writeString(shared.resolve("up.json"), "{\"registries\":{\"" + upstream.host() + "\":{\"plain-http\":true}}}");
    assertEquals(0, CliRun.run("keygen", "--out", shared.resolve("k").toString()).exitCode());
    bundle = shared.resolve("b.tar.zst");
    CliRun run = CliRun.run("export", "--release", "1.0.0", "--catalog", shared.resolve("releases.yaml").toString(),
        "--config", shared.resolve("up.json").toString(), "--output", bundle.toString(), "--sign-key",
        shared.resolve("k.key").toString(), "--cache", shared.resolve("cache").toString());
    assertEquals(0, run.exitCode(), run.err());
    Skopeo.copy("docker://" + upstream.host() + "/org/app:1.0", "docker://" + privateUpstream.host() + "/org/app:1.0",
        "--src-tls-verify=false", "--dest-cert-dir", privateUpstream.caCertificate().getParent().toString(),
        "--dest-creds", privateUpstream.username() + ":" + privateUpstream.password());
  }

  @BeforeEach
  void proxies() throws Exception {
    front = FaultProxy.start(target.host(), target.serverSslContext(), target.sslContext());
    elsewhere = FaultProxy.start(target.host(), target.serverSslContext(), target.sslContext());
    plainElsewhere = FaultProxy.start(target.host(), null, target.sslContext());
  }

  @AfterEach
  void close() throws Exception {
    front.close();
    elsewhere.close();
    plainElsewhere.close();
  }

  private String pair() {
    return Base64.getEncoder().encodeToString(
        (target.username() + ":" + target.password()).getBytes(StandardCharsets.UTF_8));
  }

  private CliRun importBundle(String... more) throws Exception {
    Path push = Files.writeString(temp.resolve("push.json"),
        "{\"auths\":{\"" + front.host() + "\":{\"auth\":\"" + pair() + "\"}}}");
    Path config = Files.writeString(temp.resolve("registries.json"), "{\"targets\":{\"lab\":{\"url\":\""
        + front.host() + "/m\",\"ca-file\":\"" + target.caCertificate() + "\",\"tokens\":{\"push\":\"" + push + "\"}}}}");
    List<String> args = new ArrayList<>(List.of("import", bundle.toString(), "--target", "lab", "--config",
        config.toString(), "--trust", shared.resolve("k.pub").toString(), "--output-dir", temp.resolve("out").toString()));
    args.addAll(List.of(more));
    return CliRun.run(args.toArray(String[]::new));
  }

  /** Exports from the private upstream through a TLS proxy at {@code via}, with its password. */
  private CliRun exportFrom(FaultProxy via) throws Exception {
    String auth = Base64.getEncoder().encodeToString((privateUpstream.username() + ":" + privateUpstream.password())
        .getBytes(StandardCharsets.UTF_8));
    Path pull = Files.writeString(temp.resolve("pull.json"), "{\"auths\":{\"" + via.host() + "\":{\"auth\":\"" + auth + "\"}}}");
    Path config = Files.writeString(temp.resolve("export.json"), "{\"registries\":{\"" + via.host() + "\":{\"ca-file\":\""
        + privateUpstream.caCertificate() + "\",\"tokens\":{\"pull\":\"" + pull + "\"}}}}");
    Path catalog = Files.writeString(temp.resolve("releases.yaml"),
        "releases:\n  - version: 1.0.0\n    images:\n      app: " + via.host() + "/org/app:1.0\n");
    return CliRun.run("export", "--release", "1.0.0", "--catalog", catalog.toString(), "--config", config.toString(),
        "--output", temp.resolve("out.tar.zst").toString(), "--unsigned", "--cache", temp.resolve("cache").toString());
  }

  @Test
  void anExportRedirectedToAnotherOriginSendsItNoCredentials() throws Exception {
    try (FaultProxy upstreamFront = FaultProxy.start(privateUpstream.host(), privateUpstream.serverSslContext(),
            privateUpstream.sslContext());
        FaultProxy objectStore = FaultProxy.start(privateUpstream.host(), privateUpstream.serverSslContext(),
            privateUpstream.sslContext())) {
      upstreamFront.when("GET", "/v2/org/app/blobs/.*")
          .respond(307, Map.of("Location", objectStore.baseUri() + "v2/org/app/blobs/elsewhere"), "");
      CliRun run = exportFrom(upstreamFront);
      assertEquals(4, run.exitCode(), run.err());
      assertFalse(objectStore.exchanges().isEmpty(), "the redirect was not followed");
      assertTrue(objectStore.exchanges().stream().noneMatch(x -> x.header("Authorization").isPresent()),
          "credentials went to another origin: " + objectStore.exchanges());
      assertTrue(upstreamFront.exchanges().stream().anyMatch(x -> x.header("Authorization").isPresent()),
          "the upstream itself should have had the credentials");
    }
  }

  @Test
  void anExportRedirectedToPlainHttpIsRefused() throws Exception {
    try (FaultProxy upstreamFront = FaultProxy.start(privateUpstream.host(), privateUpstream.serverSslContext(),
            privateUpstream.sslContext());
        FaultProxy plain = FaultProxy.start(privateUpstream.host(), null, privateUpstream.sslContext())) {
      upstreamFront.when("GET", "/v2/org/app/blobs/.*")
          .respond(307, Map.of("Location", plain.baseUri() + "v2/org/app/blobs/elsewhere"), "");
      CliRun run = exportFrom(upstreamFront);
      assertEquals(4, run.exitCode(), run.err());
      assertTrue(run.err().contains("plain HTTP at " + plain.host()), run.err());
      assertEquals(List.of(), plain.exchanges(), "nothing may travel over the downgrade");
    }
  }

  @Test
  void anUploadLocationOnAnotherOriginNeverGetsTheCredentials() throws Exception {
    String canary = "canary-session-secret-" + System.nanoTime();
    front.when("POST", "/v2/.*/blobs/uploads/")
        .setResponseHeader("Location", elsewhere.baseUri() + "v2/m/org/app/blobs/uploads/f00d?_state=" + canary);
    CliRun run = importBundle("--debug");
    assertEquals(4, run.exitCode(), run.err());
    assertTrue(run.err().contains(elsewhere.host()), run.err());
    assertFalse(run.out().contains(canary) || run.err().contains(canary), "the session URL leaked:\n" + run.err());
    assertFalse(elsewhere.exchanges().isEmpty(), "the upload never reached the other origin");
    assertTrue(elsewhere.exchanges().stream().noneMatch(x -> x.header("Authorization").isPresent()),
        "credentials went to another origin: " + elsewhere.exchanges());
    assertTrue(front.exchanges().stream().anyMatch(x -> x.header("Authorization").isPresent()),
        "the target itself should have had the credentials");
  }

  @Test
  void anUploadLocationDroppingToPlainHttpIsRefused() throws Exception {
    String canary = "canary-session-secret-" + System.nanoTime();
    front.when("POST", "/v2/.*/blobs/uploads/")
        .setResponseHeader("Location", plainElsewhere.baseUri() + "v2/m/org/app/blobs/uploads/f00d?_state=" + canary);
    CliRun run = importBundle("--debug");
    assertEquals(4, run.exitCode(), run.err());
    assertTrue(run.err().contains("plain HTTP at " + plainElsewhere.host()), run.err());
    assertFalse(run.out().contains(canary) || run.err().contains(canary), "the session URL leaked:\n" + run.err());
    assertEquals(List.of(), plainElsewhere.exchanges(), "nothing may travel over the downgrade");
  }

  @Test
  void aRegistryEchoingThePasswordNeverGetsItShown() throws Exception {
    String password = target.password();
    String message = "you sent " + password + " as Basic " + pair() + "; " + "x".repeat(240) + password + "y".repeat(3000);
    front.when("PUT", "/v2/.*/manifests/.*").respond(400, Map.of("Content-Type", "application/json"),
        "{\"errors\":[{\"code\":\"" + password + "\",\"message\":\"" + message + "\"}]}");
    for (String[] extra : List.of(new String[0], new String[] {"--debug"}, new String[] {"--json"})) {
      CliRun run = importBundle(extra);
      assertEquals(4, run.exitCode(), run.err());
      assertTrue(run.err().contains("HTTP 400"), run.err());
      String output = run.out() + run.err();
      for (int start = 0; start + 8 <= password.length(); start++) {
        assertFalse(output.contains(password.substring(start, start + 8)), "the secret leaked:\n" + output);
      }
      assertFalse(output.contains(pair().substring(pair().length() - 12)), "the Basic header leaked:\n" + output);
    }
  }
}
