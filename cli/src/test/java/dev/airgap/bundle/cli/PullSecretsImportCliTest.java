package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.airgap.bundle.importer.flavor.FakeQuay;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistryCredentials;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.registry.Secret;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** `bundle import --pull-secrets` into a Quay-flavored target: Secrets whose credential pulls what was imported. */
class PullSecretsImportCliTest {
  @RegisterExtension static RegistryExtension upstream = RegistryExtension.anonymous();
  @RegisterExtension static RegistryExtension registry = RegistryExtension.htpasswd();
  @TempDir Path dir;

  @Test
  void importWritesSecretsThatPullTheImportedImage() throws Exception {
    TestImage app = TestImages.seeded(606).oci().build();
    Skopeo.seed(dir, upstream.host() + "/coreos/etcd:v1", app);
    Files.writeString(dir.resolve("releases.yaml"),
        "releases:\n  - version: 1.0.0\n    images:\n      etcd: " + upstream.host() + "/coreos/etcd:v1\n");
    Files.writeString(dir.resolve("up.json"), "{\"registries\":{\"" + upstream.host() + "\":{\"plain-http\":true}}}");
    Path bundle = dir.resolve("b.tar.zst");
    assertEquals(0, CliRun.run("export", "--release", "1.0.0", "--catalog", dir.resolve("releases.yaml").toString(),
        "--config", dir.resolve("up.json").toString(), "--output", bundle.toString(), "--unsigned",
        "--cache", dir.resolve("cache").toString()).exitCode());

    try (FakeQuay quay = new FakeQuay("api-secret", registry.serverSslContext())) {
      quay.onRobotToken((name, token) -> {
        try {
          registry.addUser(name, token);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      Files.writeString(dir.resolve("api-token"), "api-secret\n");
      String auth = Base64.getEncoder().encodeToString((registry.username() + ":" + registry.password()).getBytes(StandardCharsets.UTF_8));
      Files.writeString(dir.resolve("push.json"), "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
      Path config = Files.writeString(dir.resolve("registries.json"), "{\"targets\": {\"lab\": {\"url\": \"" + registry.host()
          + "/lab\", \"flavor\": \"quay\", \"ca-file\": \"" + registry.caCertificate() + "\", \"api-url\": \"" + quay.baseUrl()
          + "\", \"tokens\": {\"api\": \"api-token\", \"push\": \"push.json\"},"
          + " \"pull\": {\"robot\": \"puller\", \"namespaces\": [\"apps\"]}}}}");
      Path out = dir.resolve("out");
      CliRun run = CliRun.run("import", bundle.toString(), "--target", "lab", "--config", config.toString(), "--allow-unsigned",
          "--output-dir", out.toString(), "--pull-secrets");
      assertEquals(0, run.exitCode(), run.err());
      assertTrue(run.out().contains("kubectl apply -f"), run.out());

      JsonNode secret = new YAMLMapper().readTree(out.resolve("pull-secrets/apps/secret.yaml").toFile());
      assertEquals("kubernetes.io/dockerconfigjson", secret.get("type").asText());
      JsonNode docker = new ObjectMapper().readTree(Base64.getDecoder().decode(secret.get("data").get(".dockerconfigjson").asText()));
      String[] userPass = new String(Base64.getDecoder().decode(docker.get("auths").get(registry.host()).get("auth").asText()),
          StandardCharsets.UTF_8).split(":", 2);
      assertEquals("lab+puller", userPass[0]);
      RegistryClient robot = RegistryClient.builder(RegistrySettings.secure(registry.host()).withCaFile(registry.caCertificate()))
          .credentials(host -> Optional.of(new RegistryCredentials.Basic(userPass[0], Secret.of(userPass[1])))).build();
      assertEquals(app.digest(), robot.pullManifest("lab/etcd", "v1").digest().toString());
      assertTrue(!run.out().contains(userPass[1]) && !run.err().contains(userPass[1]), "the robot token is never printed");
    }
  }
}
