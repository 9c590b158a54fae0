package dev.airgap.bundle.importer.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.airgap.bundle.importer.flavor.FakeQuay;
import dev.airgap.bundle.registry.RegistryAuthException;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistryCredentials;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Secret's credential may pull and may not push. Basic auth lets any known user do both, so
 * this uses the registry's token variant, where the robot, like a Quay robot granted read, holds
 * only {@code pull}.
 */
class PullOnlyTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.token();
  private static final TestImage ETCD = TestImages.seeded(41).oci().layers(1).build();

  @TempDir Path dir;

  @Test
  void theSecretPullsAndCannotPush() throws Exception {
    PullFixtures.push(PullFixtures.client(registry, PullFixtures.admin(registry)), "lab/etcd", "v3.1.6", ETCD);
    try (FakeQuay quay = new FakeQuay(PullFixtures.API_TOKEN, registry.serverSslContext())) {
      quay.onRobotToken((name, token) -> registry.tokenServer().addUser(name, token, "pull"));
      quay.add("lab/etcd");
      PullSecretsResult result = PullSecrets.provision(PullFixtures.target(dir, PullFixtures.quayTarget(registry,
          quay.baseUrl().toString(), "{\"robot\": \"puller\", \"namespaces\": [\"apps\"]}")), List.of("lab/etcd"),
          dir.resolve("out"));

      RegistryCredentials.Basic login = PullFixtures.loginFrom(result.secrets().get(0), "apps", registry.host());
      assertEquals("lab+puller", login.username());
      RegistryClient client = PullFixtures.client(registry, login);
      assertArrayEquals(ETCD.bytes(), client.pullManifest("lab/etcd", "v3.1.6").bytes());
      assertThrows(RegistryAuthException.class, () -> PullFixtures.push(client, "lab/etcd", "pushed", ETCD));
      assertThrows(RegistryAuthException.class, () -> PullFixtures.push(client, "lab/other", "1.0", ETCD));
    }
  }
}
