package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.TokenServer;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The client against the real registry with TLS, htpasswd and token authentication. */
class AuthAndTlsTest {
  private static final TestImage IMAGE = TestImages.seeded(21).oci().layers(2).build();

  @TempDir Path temp;

  static CredentialSource basic(String host, String user, String password, Path dir) throws Exception {
    Path file = dir.resolve("secret-" + user);
    Files.writeString(file, password);
    return new TokenFileCredentials(Map.of(host, new TokenFileCredentials.Entry(user, file)));
  }

  private static void roundTrip(RegistryClient client, String repo) {
    TestPushes.push(client, repo, "1.0", IMAGE);
    assertArrayEquals(IMAGE.bytes(), client.pullManifest(repo, "1.0").bytes());
  }

  @Nested
  class Tls {
    @RegisterExtension static RegistryExtension registry = RegistryExtension.tls();

    @Test
    void worksWithTheRegistryCaFile() {
      RegistrySettings settings = RegistrySettings.secure(registry.host()).withCaFile(registry.caCertificate());
      roundTrip(RegistryClient.builder(settings).build(), "tls/ca");
    }

    @Test
    void refusesAnUntrustedCertificateByDefault() {
      RegistryClient client = RegistryClient.builder(RegistrySettings.secure(registry.host())).retry(RetryPolicy.none()).build();
      var e = assertThrows(RegistryException.class, () -> client.pullManifest("tls/ca", "1.0"));
      assertEquals(0, e.status());
      assertTrue(e.getMessage().contains("pull manifest " + registry.host()), e.getMessage());
      assertTrue(e.getCause() instanceof javax.net.ssl.SSLException, String.valueOf(e.getCause()));
    }

    @Test
    void tlsVerifyOffAcceptsAnyCertificate() {
      RegistrySettings settings = RegistrySettings.secure(registry.host()).withTlsVerify(false);
      roundTrip(RegistryClient.builder(settings).build(), "tls/noverify");
    }
  }

  @Nested
  class Htpasswd {
    @RegisterExtension static RegistryExtension registry = RegistryExtension.htpasswd();

    private RegistrySettings settings() {
      return RegistrySettings.secure(registry.host()).withCaFile(registry.caCertificate());
    }

    @Test
    void basicCredentialsFromATokenFile() throws Exception {
      var creds = basic(registry.host(), registry.username(), registry.password(), temp);
      roundTrip(RegistryClient.builder(settings()).credentials(creds).build(), "basic/file");
    }

    @Test
    void basicCredentialsFromDockerConfig() throws Exception {
      String auth = Base64.getEncoder().encodeToString(
          (registry.username() + ":" + registry.password()).getBytes(StandardCharsets.UTF_8));
      Path config = temp.resolve("config.json");
      Files.writeString(config, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
      var creds = new DockerConfigCredentials(List.of(config));
      roundTrip(RegistryClient.builder(settings()).credentials(creds).build(), "basic/config");
    }

    @Test
    void wrongPasswordIsAnAuthErrorThatNeverShowsThePassword() throws Exception {
      String canary = "canary-" + System.nanoTime();
      var events = new RecordingListener();
      RegistryClient client = RegistryClient.builder(settings())
          .credentials(basic(registry.host(), registry.username(), canary, temp))
          .listener(events)
          .build();
      var e = assertThrows(RegistryAuthException.class, () -> client.pullManifest("basic/file", "1.0"));
      assertEquals(401, e.status());
      assertTrue(e.getMessage().contains("check the credentials configured for " + registry.host()), e.getMessage());
      CanaryCheck.assertAbsent(canary, e, events.lines());
    }

    @Test
    void anonymousIsRefusedWithAClearMessage() {
      var e = assertThrows(RegistryAuthException.class,
          () -> RegistryClient.builder(settings()).build().pullManifest("basic/file", "1.0"));
      assertEquals(401, e.status());
    }
  }

  @Nested
  class Token {
    @RegisterExtension static RegistryExtension registry = RegistryExtension.token();

    private RegistrySettings settings() {
      return RegistrySettings.secure(registry.host()).withCaFile(registry.caCertificate());
    }

    @Test
    void bearerFlowWithBasicCredentialsAndTokensCachedPerScope() throws Exception {
      TokenServer tokens = registry.tokenServer();
      RegistryClient client = RegistryClient.builder(settings())
          .credentials(basic(registry.host(), registry.username(), registry.password(), temp))
          .build();
      roundTrip(client, "token/cached");
      tokens.clearRequests();
      for (int i = 0; i < 3; i++) {
        client.pullManifest("token/cached", "1.0");
        client.headManifest("token/cached", "1.0");
      }
      // One scope set (pull on token/cached) → at most one new token for six requests.
      assertTrue(tokens.requests().size() <= 1, tokens.requests().toString());
      assertTrue(tokens.requests().stream().allMatch(r -> r.grant() == TokenServer.Grant.BASIC), tokens.requests().toString());
    }

    @Test
    void crossRepositoryMountAsksForPullOnTheSource() throws Exception {
      TokenServer tokens = registry.tokenServer();
      RegistryClient client = RegistryClient.builder(settings())
          .credentials(basic(registry.host(), registry.username(), registry.password(), temp))
          .build();
      var layer = IMAGE.layers().get(0);
      var digest = dev.airgap.bundle.format.Digest.parse(layer.digest());
      client.pushBlob("token/mount-source", digest, BodySource.ofBytes(layer.bytes()));
      tokens.clearRequests();
      assertEquals(MountResult.MOUNTED,
          client.mountOrPushBlob("token/mount-target", digest, "token/mount-source", BodySource.ofBytes(layer.bytes())));
      assertTrue(tokens.requests().stream().anyMatch(r -> r.scopes().contains("repository:token/mount-source:pull")),
          tokens.requests().toString());
    }

    @Test
    void identityTokenIsExchangedAtTheRealm() throws Exception {
      TokenServer tokens = registry.tokenServer();
      String refresh = tokens.issueRefreshToken(registry.username());
      String auth = Base64.getEncoder().encodeToString(
          "00000000-0000-0000-0000-000000000000:".getBytes(StandardCharsets.UTF_8));
      Path config = temp.resolve("config.json");
      Files.writeString(config, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth
          + "\",\"identitytoken\":\"" + refresh + "\"}}}");
      tokens.clearRequests();
      var events = new RecordingListener();
      RegistryClient client = RegistryClient.builder(settings())
          .credentials(new DockerConfigCredentials(List.of(config))).listener(events).build();
      roundTrip(client, "token/identity");
      assertFalse(tokens.requests().isEmpty());
      assertTrue(tokens.requests().stream().allMatch(r -> r.grant() == TokenServer.Grant.REFRESH_TOKEN),
          tokens.requests().toString());
      CanaryCheck.assertAbsent(refresh, null, events.lines());
    }

    @Test
    void readOnlyUserCannotPush() throws Exception {
      registry.tokenServer().addUser("reader", "reader-pass", "pull");
      RegistryClient client = RegistryClient.builder(settings())
          .credentials(basic(registry.host(), "reader", "reader-pass", temp)).build();
      var e = assertThrows(RegistryAuthException.class, () -> TestPushes.push(client, "token/readonly", "1.0", IMAGE));
      assertTrue(e.getMessage().contains("start blob upload") || e.getMessage().contains("push"), e.getMessage());
    }

    @Test
    void wrongPasswordIsRefusedByTheTokenService() throws Exception {
      String canary = "canary-token-" + System.nanoTime();
      RegistryClient client = RegistryClient.builder(settings())
          .credentials(basic(registry.host(), registry.username(), canary, temp)).build();
      var e = assertThrows(RegistryAuthException.class, () -> client.pullManifest("token/cached", "1.0"));
      assertTrue(e.getMessage().contains("token service"), e.getMessage());
      CanaryCheck.assertAbsent(canary, e, List.of());
    }
  }
}
