package dev.airgap.bundle.importer.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.registry.BodySource;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistryCredentials;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.registry.RetryPolicy;
import dev.airgap.bundle.registry.Secret;
import dev.airgap.bundle.registry.config.RegistriesConfig;
import dev.airgap.bundle.registry.config.TargetConfig;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Blob;
import dev.airgap.bundle.testing.images.TestManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Optional;

/** Targets, registry clients and a strict reader for the manifests, shared by the pull tests. */
final class PullFixtures {
  static final String API_TOKEN = "quay-api-canary-3e8b1f";
  static final String ROBOT_CANARY = "robot-canary-9c4d72";

  private PullFixtures() {}

  /** Writes registries.json (and the API token file) into {@code dir} and loads target "lab". */
  static TargetConfig target(Path dir, String targetJson) throws IOException {
    Files.writeString(dir.resolve("api-token"), API_TOKEN + "\n");
    Path file = Files.writeString(dir.resolve("registries.json"), "{\"targets\": {\"lab\": " + targetJson + "}}");
    return RegistriesConfig.load(file).target("lab");
  }

  /** A quay target on the test registry whose admin API is the fake, both over the registry's TLS. */
  static String quayTarget(RegistryExtension registry, String quayBaseUrl, String pull) {
    return "{\"url\": \"" + registry.host() + "/lab\", \"flavor\": \"quay\", \"ca-file\": \""
        + registry.caCertificate() + "\", \"api-url\": \"" + quayBaseUrl + "\", \"tokens\": {\"api\": \"api-token\"},"
        + " \"pull\": " + pull + "}";
  }

  static RegistryClient client(RegistryExtension registry, RegistryCredentials login) {
    RegistrySettings settings = RegistrySettings.secure(registry.host()).withCaFile(registry.caCertificate());
    return RegistryClient.builder(settings).credentials(host -> Optional.of(login)).retry(RetryPolicy.none()).build();
  }

  static RegistryCredentials.Basic admin(RegistryExtension registry) {
    return new RegistryCredentials.Basic(registry.username(), Secret.of(registry.password()));
  }

  /** Blobs, then the manifest under {@code tag}. */
  static void push(RegistryClient client, String repository, String tag, TestManifest image) {
    for (Blob blob : image.allBlobs()) {
      client.pushBlob(repository, Digest.parse(blob.digest()), BodySource.ofBytes(blob.bytes()));
    }
    client.pushManifest(repository, tag, Manifest.of(image.bytes(), image.mediaType()));
  }

  /**
   * Parses a Secret manifest as YAML, checks it is the Kubernetes object the issue asks for, and
   * returns the login its {@code .dockerconfigjson} holds for {@code host}.
   */
  static RegistryCredentials.Basic loginFrom(Path secretFile, String namespace, String host) throws IOException {
    JsonNode secret = new YAMLMapper().readTree(secretFile.toFile());
    assertEquals("v1", secret.path("apiVersion").asText(), secret.toString());
    assertEquals("Secret", secret.path("kind").asText());
    assertEquals("kubernetes.io/dockerconfigjson", secret.path("type").asText());
    assertEquals(namespace, secret.path("metadata").path("namespace").asText());
    assertEquals(1, secret.path("data").size(), "only .dockerconfigjson");
    byte[] json = Base64.getDecoder().decode(secret.path("data").path(".dockerconfigjson").asText());
    JsonNode auths = new ObjectMapper().readTree(json).path("auths");
    assertEquals(1, auths.size(), auths.toString());
    Iterator<String> hosts = auths.fieldNames();
    assertEquals(host, hosts.next());
    String pair = new String(Base64.getDecoder().decode(auths.path(host).path("auth").asText()), StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    assertTrue(colon > 0, "auth is user:password");
    return new RegistryCredentials.Basic(pair.substring(0, colon), Secret.of(pair.substring(colon + 1)));
  }
}
