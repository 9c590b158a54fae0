package dev.airgap.bundle.importer.pull;

import static dev.airgap.bundle.importer.pull.PullFixtures.ROBOT_CANARY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.airgap.bundle.importer.flavor.FakeQuay;
import dev.airgap.bundle.importer.flavor.FlavorException;
import dev.airgap.bundle.registry.RegistryAuthException;
import dev.airgap.bundle.registry.RegistryCredentials;
import dev.airgap.bundle.registry.config.TargetConfig;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull secrets from a Quay robot, against the Quay fake paired with the real registry in htpasswd
 * mode: every robot token the fake issues becomes the robot's password on the registry, as a real
 * Quay's robot logs in to its own registry.
 */
class PullSecretsTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.htpasswd();
  private static final TestImage ETCD = TestImages.seeded(31).oci().layers(2).build();
  private static final TestImage AGENT = TestImages.seeded(32).docker().layers(1).build();
  private static final List<String> IMPORTED = List.of("lab/etcd", "lab/node-agent");

  @TempDir Path dir;
  private FakeQuay quay;
  private Path out;

  @BeforeAll
  static void seed() {
    // What an import would have pushed.
    var admin = PullFixtures.client(registry, PullFixtures.admin(registry));
    PullFixtures.push(admin, "lab/etcd", "v3.1.6", ETCD);
    PullFixtures.push(admin, "lab/node-agent", "1.0", AGENT);
  }

  @BeforeEach
  void start() throws IOException {
    quay = new FakeQuay(PullFixtures.API_TOKEN, registry.serverSslContext());
    quay.robotTokenPrefix(ROBOT_CANARY);
    quay.onRobotToken((name, token) -> {
      try {
        registry.addUser(name, token);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    IMPORTED.forEach(quay::add);
    quay.add("lab/unrelated");
    out = dir.resolve("out");
  }

  @AfterEach
  void stop() {
    quay.close();
  }

  private TargetConfig target(String pull) throws IOException {
    return PullFixtures.target(dir, PullFixtures.quayTarget(registry, quay.baseUrl().toString(), pull));
  }

  private TargetConfig lab() throws IOException {
    return target("{\"robot\": \"puller\", \"namespaces\": [\"apps\", \"monitoring\"]}");
  }

  @Test
  void theRobotsSecretsPullFromTheRealRegistry() throws Exception {
    PullSecretsResult result = PullSecrets.provision(lab(), IMPORTED, out);

    assertEquals(1, quay.robotsCreated());
    assertEquals(Map.of("lab/etcd", "read", "lab/node-agent", "read"), quay.rolesOf("lab+puller"),
        "read on exactly the imported repositories");
    assertEquals("lab+puller", result.username());
    assertEquals(List.of(out.resolve("pull-secrets/apps/secret.yaml"), out.resolve("pull-secrets/monitoring/secret.yaml")),
        result.secrets());
    assertEquals(List.of(out.resolve("pull-secrets/apps/serviceaccount-deployer.yaml"),
        out.resolve("pull-secrets/apps/serviceaccount-default.yaml"),
        out.resolve("pull-secrets/monitoring/serviceaccount-deployer.yaml"),
        out.resolve("pull-secrets/monitoring/serviceaccount-default.yaml")), result.serviceAccounts());
    assertEquals(result.files(), result.changed(), "all new");

    for (String namespace : List.of("apps", "monitoring")) {
      Path secret = out.resolve("pull-secrets/" + namespace + "/secret.yaml");
      RegistryCredentials.Basic login = PullFixtures.loginFrom(secret, namespace, registry.host());
      assertEquals("lab+puller", login.username());
      assertEquals(quay.robotToken("lab+puller"), login.password().reveal());
      JsonNode parsed = new YAMLMapper().readTree(secret.toFile());
      assertEquals("bundle-pull-lab", parsed.path("metadata").path("name").asText());
      // The registry itself takes the decoded credential.
      var client = PullFixtures.client(registry, login);
      assertArrayEquals(ETCD.bytes(), client.pullManifest("lab/etcd", "v3.1.6").bytes());
      assertArrayEquals(AGENT.bytes(), client.pullManifest("lab/node-agent", "1.0").bytes());
    }
    for (Path account : result.serviceAccounts()) {
      JsonNode sa = new YAMLMapper().readTree(account.toFile());
      assertEquals("v1", sa.path("apiVersion").asText());
      assertEquals("ServiceAccount", sa.path("kind").asText());
      String name = account.getFileName().toString().replaceAll("^serviceaccount-|\\.yaml$", "");
      assertEquals(name, sa.path("metadata").path("name").asText());
      assertEquals(account.getParent().getFileName().toString(), sa.path("metadata").path("namespace").asText());
      assertEquals("[{\"name\":\"bundle-pull-lab\"}]", sa.path("imagePullSecrets").toString());
    }
    for (Path file : result.files()) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
          file.toString());
    }
    assertTrue(result.notes().isEmpty(), result.notes().toString());
  }

  @Test
  void runningTwiceChangesNothing() throws Exception {
    TargetConfig lab = lab();
    PullSecretsResult first = PullSecrets.provision(lab, IMPORTED, out);
    Map<Path, byte[]> bytes = new HashMap<>();
    Map<Path, FileTime> times = new HashMap<>();
    for (Path f : first.files()) {
      bytes.put(f, Files.readAllBytes(f));
      times.put(f, Files.getLastModifiedTime(f));
    }

    PullSecretsResult second = PullSecrets.provision(lab, IMPORTED, out);

    assertEquals(List.of(), second.changed());
    assertEquals(first.files(), second.files());
    for (Path f : second.files()) {
      assertArrayEquals(bytes.get(f), Files.readAllBytes(f), f.toString());
      assertEquals(times.get(f), Files.getLastModifiedTime(f), "not even rewritten: " + f);
    }
    assertEquals(1, quay.robotsCreated(), "the robot is created once");
    assertEquals(Map.of("lab/etcd", "read", "lab/node-agent", "read"), quay.rolesOf("lab+puller"));
    try (Stream<Path> all = Files.walk(out)) {
      assertEquals(0, all.filter(p -> p.getFileName().toString().startsWith(".")).count(), "no temp files left");
    }
  }

  @Test
  void rotationReplacesTheTokenAndRevokesTheOldOne() throws Exception {
    TargetConfig lab = lab();
    PullSecretsResult provisioned = PullSecrets.provision(lab, IMPORTED, out);
    Path apps = provisioned.secrets().get(0);
    RegistryCredentials.Basic old = PullFixtures.loginFrom(apps, "apps", registry.host());

    PullSecretsResult rotated = PullSecrets.rotate(lab, out);

    assertEquals(rotated.secrets(), rotated.changed(), "only the Secrets change; the accounts name the same Secret");
    RegistryCredentials.Basic fresh = PullFixtures.loginFrom(apps, "apps", registry.host());
    assertEquals("lab+puller", fresh.username());
    assertNotEquals(old.password().reveal(), fresh.password().reveal());
    assertEquals(fresh.password().reveal(),
        PullFixtures.loginFrom(rotated.secrets().get(1), "monitoring", registry.host()).password().reveal());
    assertFalse(quay.acceptsRobot("lab+puller", old.password().reveal()), "Quay no longer takes the old token");
    assertTrue(quay.acceptsRobot("lab+puller", fresh.password().reveal()));
    assertThrows(RegistryAuthException.class,
        () -> PullFixtures.client(registry, old).pullManifest("lab/etcd", "v3.1.6"));
    assertArrayEquals(ETCD.bytes(), PullFixtures.client(registry, fresh).pullManifest("lab/etcd", "v3.1.6").bytes());
    assertEquals(1, quay.robotsCreated());
  }

  @Test
  void aTokenFileServesAnyFlavor() throws Exception {
    registry.addUser("ci-puller", "pull-password-1");
    String auth = Base64.getEncoder().encodeToString("ci-puller:pull-password-1".getBytes(StandardCharsets.UTF_8));
    Files.writeString(dir.resolve("pull.json"), "{\"auths\": {\"" + registry.host() + "\": {\"auth\": \"" + auth + "\"}}}");
    TargetConfig generic = PullFixtures.target(dir, "{\"url\": \"" + registry.host() + "/lab\", \"ca-file\": \""
        + registry.caCertificate() + "\", \"pull\": {\"token-file\": \"pull.json\", \"namespaces\": [\"apps\"],"
        + " \"service-account\": \"builder\", \"secret-name\": \"mirror-pull\"}}");

    PullSecretsResult result = PullSecrets.provision(generic, IMPORTED, out);

    assertEquals(List.of(out.resolve("pull-secrets/apps/serviceaccount-builder.yaml")), result.serviceAccounts());
    RegistryCredentials.Basic login = PullFixtures.loginFrom(result.secrets().get(0), "apps", registry.host());
    assertEquals("ci-puller", login.username());
    assertArrayEquals(ETCD.bytes(), PullFixtures.client(registry, login).pullManifest("lab/etcd", "v3.1.6").bytes());
    assertEquals(0, quay.requestCount(), "no admin API for a token file");

    // Rotating a token file means: renewed elsewhere, then rewritten from the file.
    registry.addUser("ci-puller", "pull-password-2");
    auth = Base64.getEncoder().encodeToString("ci-puller:pull-password-2".getBytes(StandardCharsets.UTF_8));
    Files.writeString(dir.resolve("pull.json"), "{\"auths\": {\"" + registry.host() + "\": {\"auth\": \"" + auth + "\"}}}");
    assertEquals(result.secrets(), PullSecrets.rotate(generic, out).changed());
    assertEquals("pull-password-2",
        PullFixtures.loginFrom(result.secrets().get(0), "apps", registry.host()).password().reveal());
  }

  @Test
  void aPermissionErrorIsOneSentenceAndWritesNoSecret() throws Exception {
    quay.refuseGrants(403);
    quay.echoAuthorization();
    FlavorException e = assertThrows(FlavorException.class, () -> PullSecrets.provision(lab(), IMPORTED, out));
    assertTrue(e.getMessage().startsWith("Quay refused to give robot account lab+puller read on repository lab/etcd"
        + " for target lab: its API token may not administer that repository (HTTP 403"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    assertFalse(e.getMessage().contains(PullFixtures.API_TOKEN), e.getMessage());
    assertFalse(e.getMessage().contains(ROBOT_CANARY), e.getMessage());
    assertFalse(Files.exists(out.resolve("pull-secrets")), "nothing half-done to apply");
  }

  @Test
  void withoutAPullSectionTheTargetIsNamed() throws Exception {
    TargetConfig bare = PullFixtures.target(dir, "{\"url\": \"" + registry.host() + "/lab\"}");
    PullSecretException e = assertThrows(PullSecretException.class, () -> PullSecrets.provision(bare, IMPORTED, out));
    assertTrue(e.getMessage().startsWith("target lab has no \"pull\" section in registries.json, so --pull-secrets"),
        e.getMessage());
    PullSecretException rotate = assertThrows(PullSecretException.class, () -> PullSecrets.rotate(bare, out));
    assertTrue(rotate.getMessage().contains("so rotation has no credential"), rotate.getMessage());
  }

  @Test
  void aNamespaceNoLongerListedIsNoted() throws Exception {
    PullSecrets.provision(target("{\"robot\": \"puller\", \"namespaces\": [\"apps\", \"retired\"]}"), IMPORTED, out);
    PullSecretsResult now = PullSecrets.provision(lab(), IMPORTED, out);
    assertEquals(1, now.notes().size(), now.notes().toString());
    assertTrue(now.notes().get(0).startsWith(Path.of("pull-secrets", "retired") + " is left from an earlier run for "
        + "namespace retired"), now.notes().get(0));
  }

  @Test
  void theResultHoldsNoSecret() throws Exception {
    PullSecretsResult result = PullSecrets.provision(lab(), IMPORTED, out);
    assertFalse(result.toString().contains(ROBOT_CANARY), result.toString());
    assertEquals(List.of("kubectl apply -f " + result.secrets().get(0)), PullSecretsResult.applyCommands(
        List.of(result.secrets().get(0))));
  }
}
