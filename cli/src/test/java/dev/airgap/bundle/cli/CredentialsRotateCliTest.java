package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airgap.bundle.importer.flavor.FakeQuay;
import dev.airgap.bundle.importer.pull.PullSecrets;
import dev.airgap.bundle.registry.config.RegistriesConfig;
import dev.airgap.bundle.testing.RegistryExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle credentials rotate} against the Quay fake paired with the real registry: the new
 * token works and the old one does not, the output says what to re-apply, and no token (API or
 * robot, plain or base64) appears on stdout or stderr, even with --debug.
 */
class CredentialsRotateCliTest {
  private static final String API_CANARY = "quay-api-canary-71c0aa";
  private static final String ROBOT_CANARY = "robot-canary-e94b13";

  @RegisterExtension static RegistryExtension registry = RegistryExtension.htpasswd();

  @TempDir Path dir;
  private FakeQuay quay;
  private Path config;
  private Path out;

  @BeforeEach
  void start() throws IOException {
    quay = new FakeQuay(API_CANARY, registry.serverSslContext());
    quay.robotTokenPrefix(ROBOT_CANARY);
    quay.onRobotToken((name, token) -> {
      try {
        registry.addUser(name, token);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    quay.add("lab/etcd");
    Files.writeString(dir.resolve("api-token"), API_CANARY + "\n");
    config = Files.writeString(dir.resolve("registries.json"), "{\"targets\": {"
        + "\"lab\": {\"url\": \"" + registry.host() + "/lab\", \"flavor\": \"quay\", \"ca-file\": \""
        + registry.caCertificate() + "\", \"api-url\": \"" + quay.baseUrl() + "\", \"tokens\": {\"api\": \"api-token\"},"
        + " \"pull\": {\"robot\": \"puller\", \"namespaces\": [\"apps\", \"monitoring\"]}},"
        + "\"bare\": {\"url\": \"" + registry.host() + "/lab\"}}}");
    out = dir.resolve("out");
  }

  @AfterEach
  void stop() {
    quay.close();
  }

  /** What `bundle import --pull-secrets` does after its import. */
  private void provision() throws IOException {
    PullSecrets.provision(RegistriesConfig.load(config).target("lab"), List.of("lab/etcd"), out);
  }

  private CliRun rotate(String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("credentials", "rotate", "--target", "lab",
        "--config", config.toString(), "--output-dir", out.toString()));
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void rotationRevokesTheOldTokenAndListsTheFilesToReapply() throws Exception {
    provision();
    String old = quay.robotToken("lab+puller");
    String oldSecret = Files.readString(out.resolve("pull-secrets/apps/secret.yaml"));

    CliRun run = rotate();

    assertEquals(0, run.exitCode(), run.err());
    String fresh = quay.robotToken("lab+puller");
    assertNotEquals(old, fresh);
    assertFalse(quay.acceptsRobot("lab+puller", old), "the old token no longer works");
    assertNotEquals(oldSecret, Files.readString(out.resolve("pull-secrets/apps/secret.yaml")));
    List<String> lines = run.out().lines().toList();
    assertEquals("regenerated the token of robot account lab+puller for target lab; the old token no longer works,"
        + " so pulls fail until the new Secrets are applied:", lines.get(0));
    assertEquals(List.of("  kubectl apply -f " + out.resolve("pull-secrets/apps/secret.yaml"),
        "  kubectl apply -f " + out.resolve("pull-secrets/monitoring/secret.yaml")), lines.subList(1, lines.size()),
        "only the Secrets changed");
    assertNoSecret(run, old, fresh);
  }

  @Test
  void jsonNamesTheChangedFiles() throws Exception {
    provision();
    CliRun run = rotate("--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertEquals("lab+puller", json.get("username").asText());
    assertTrue(json.get("regenerated").asBoolean());
    assertEquals(6, json.get("files").size(), json.toString());
    assertEquals(2, json.get("changed").size(), json.toString());
    assertEquals("kubectl apply -f " + out.resolve("pull-secrets/apps/secret.yaml"), json.get("apply").get(0).asText());
    assertNoSecret(run, quay.robotToken("lab+puller"));
  }

  @Test
  void aPermissionErrorIsOneSentenceWithoutSecretsEvenWithDebug() throws Exception {
    provision();
    String token = quay.robotToken("lab+puller");
    quay.refuseRobots(403);
    quay.echoAuthorization();

    CliRun run = rotate("--debug");

    assertEquals(4, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("error: Quay refused to regenerate the token of robot account lab+puller for "
        + "target lab: its API token may not manage the robot accounts of organization lab (HTTP 403"), run.err());
    assertTrue(run.errLines()[1].startsWith("hint: "), run.err());
    assertEquals(token, quay.robotToken("lab+puller"), "nothing rotated");
    assertNoSecret(run, token);
  }

  @Test
  void aRobotThatWasNeverMadeSaysHow() {
    CliRun run = rotate();
    assertEquals(4, run.exitCode(), run.err());
    assertTrue(run.err().contains("Quay has no robot account lab+puller for target lab (HTTP 404"), run.err());
    assertTrue(run.err().contains("an import with --pull-secrets creates it"), run.err());
  }

  @Test
  void aTargetWithoutAPullSectionIsAPlainFailure() {
    CliRun run = CliRun.run("credentials", "rotate", "--target", "bare", "--config", config.toString());
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("error: target bare has no \"pull\" section in registries.json"), run.err());
    assertTrue(run.err().contains("hint: Fix the target's \"pull\" section"), run.err());
  }

  @Test
  void credentialsAloneIsAUsageError() {
    CliRun run = CliRun.run("credentials");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("error: Missing command: choose one of rotate."), run.err());
  }

  /** Neither canary, nor a given token, nor their base64 forms, is in the output. */
  private static void assertNoSecret(CliRun run, String... tokens) {
    String all = run.out() + run.err();
    List<String> secrets = new java.util.ArrayList<>(List.of(API_CANARY, ROBOT_CANARY));
    for (String token : tokens) {
      secrets.add(token);
      secrets.add(Base64.getEncoder().encodeToString(("lab+puller:" + token).getBytes(StandardCharsets.UTF_8)));
    }
    for (String secret : secrets) {
      assertFalse(all.contains(secret), "a secret leaked into the output:\n" + all);
    }
  }
}
