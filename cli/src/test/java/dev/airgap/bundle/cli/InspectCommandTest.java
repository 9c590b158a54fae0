package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.registry.BodySource;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Blob;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import dev.airgap.bundle.testing.images.TestIndex;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code bundle inspect} against the real registry, including its exit codes. */
class InspectCommandTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  private static TestImage amd;
  private static TestIndex index;

  @BeforeAll
  static void seed() {
    RegistryClient client = RegistryClient.builder(RegistrySettings.secure(registry.host()).withPlainHttp(true)).build();
    TestImages gen = TestImages.seeded(99);
    amd = gen.oci().layers(3).build();
    TestImage arm = gen.oci().platform("linux", "arm64", "v8").build();
    index = TestImages.index(List.of(amd, arm)).build();
    for (Blob blob : index.allBlobs()) {
      client.pushBlob("demo/app", Digest.parse(blob.digest()), BodySource.ofBytes(blob.bytes()));
    }
    client.pushManifest("demo/app", "image", Manifest.of(amd.bytes(), amd.mediaType()));
    client.pushManifest("demo/app", arm.digest(), Manifest.of(arm.bytes(), arm.mediaType()));
    client.pushManifest("demo/app", "multi", Manifest.of(index.bytes(), index.mediaType()));
  }

  @Test
  void showsAnImageAsJson() throws Exception {
    CliRun run = CliRun.run("inspect", "--plain-http", "--json", registry.host() + "/demo/app:image");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertEquals(amd.digest(), json.get("digest").asText());
    assertEquals(3, json.get("layers").size());
    assertEquals(amd.layers().get(2).digest(), json.get("layers").get(2).get("digest").asText());
  }

  @Test
  void showsAnIndexWithPlatforms() {
    CliRun run = CliRun.run("inspect", "--plain-http", registry.host() + "/demo/app:multi");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains(index.digest()), run.out());
    assertTrue(run.out().contains("linux/arm64/v8"), run.out());
  }

  @Test
  void unknownImageIsARegistryFailure() {
    CliRun run = CliRun.run("inspect", "--plain-http", registry.host() + "/demo/app:missing");
    assertEquals(4, run.exitCode(), run.err());
    assertTrue(run.err().contains("MANIFEST_UNKNOWN"), run.err());
    assertTrue(run.err().lines().count() <= 3, "one sentence and a hint, no stack trace:\n" + run.err());
  }

  @Test
  void badReferenceIsAUsageError() {
    CliRun run = CliRun.run("inspect", "--plain-http", "UPPER/Case:x");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("not a valid image reference"), run.err());
  }

  @Test
  void tlsByDefaultFailsAgainstAPlainRegistryWithExitCode4() {
    CliRun run = CliRun.run("inspect", registry.host() + "/demo/app:image");
    assertEquals(4, run.exitCode(), run.err());
  }
}
