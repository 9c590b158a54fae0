package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.MediaTypes;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Blob;
import dev.airgap.bundle.testing.images.OciLayoutWriter;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import dev.airgap.bundle.testing.images.TestManifest;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest kind survives push and pull with the same bytes and digest. */
class ManifestRoundTripTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  @TempDir Path temp;

  private RegistryClient client() {
    return RegistryClient.builder(RegistrySettings.secure(registry.host()).withPlainHttp(true)).build();
  }

  static Stream<Arguments> kinds() {
    TestImages gen = TestImages.seeded(7);
    TestImage amd = gen.oci().layers(2).layerSize(4096).build();
    TestImage arm = gen.oci().platform("linux", "arm64", "v8").sharedLayers(amd.layers().get(0)).build();
    TestImage dockerAmd = gen.docker().layers(2).build();
    TestImage dockerArm = gen.docker().platform("linux", "arm", "v7").build();
    return Stream.of(
        Arguments.of("oci-image", amd),
        Arguments.of("docker-image", dockerAmd),
        Arguments.of("odd-whitespace-oci", gen.oci().oddWhitespace().build()),
        Arguments.of("odd-whitespace-docker", gen.docker().oddWhitespace().build()),
        Arguments.of("oci-index", TestImages.index(List.of(amd, arm)).oddWhitespace().build()),
        Arguments.of("docker-list", TestImages.index(List.of(dockerAmd, dockerArm)).docker().build()),
        Arguments.of(
            "artifact",
            gen.artifact("application/vnd.example.thing+type")
                .config("application/vnd.example.config+json", "{\"k\":1}".getBytes())
                .layer("application/x-unknown-blob", "payload".getBytes())
                .subject(amd)
                .annotation("org.example.note", "kept as is")
                .oddWhitespace()
                .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void pushThenPullIsByteExact(String name, TestManifest fixture) throws Exception {
    RegistryClient client = client();
    String repo = "roundtrip/" + name;
    // The artifact's subject must be resolvable by whoever inspects it later, so push it too.
    TestPushes.push(client, repo, "v1", fixture);

    Manifest byTag = client.pullManifest(repo, "v1");
    assertArrayEquals(fixture.bytes(), byTag.bytes(), "bytes by tag");
    assertEquals(fixture.digest(), byTag.digest().toString());
    assertEquals(fixture.mediaType(), byTag.mediaType());

    Manifest byDigest = client.pullManifest(repo, fixture.digest());
    assertArrayEquals(fixture.bytes(), byDigest.bytes(), "bytes by digest");

    var head = client.headManifest(repo, "v1").orElseThrow();
    assertEquals(fixture.digest(), head.digest().toString());
    assertEquals(fixture.size(), head.size());

    // An independent client sees exactly the bytes we pushed.
    assertArrayEquals(fixture.bytes(), Skopeo.inspectRaw("docker://" + registry.host() + "/" + repo + ":v1", false));

    for (Blob blob : fixture.allBlobs()) {
      try (InputStream in = client.openBlob(repo, Digest.parse(blob.digest()), blob.size())) {
        assertArrayEquals(blob.bytes(), in.readAllBytes(), "blob " + blob.digest());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void pullsWhatSkopeoPushedByteExactly(String name, TestManifest fixture) {
    String repo = "seeded/" + name;
    Path layout = OciLayoutWriter.write(temp.resolve(name), "v1", fixture);
    Skopeo.pushLayout(layout, "v1", fixture, registry.host() + "/" + repo + ":v1");
    Manifest pulled = client().pullManifest(repo, "v1");
    assertArrayEquals(fixture.bytes(), pulled.bytes());
    for (TestManifest child : fixture.children()) {
      assertArrayEquals(child.bytes(), client().pullManifest(repo, child.digest()).bytes());
    }
  }

  @Test
  void listsTagsAndDeletesByDigest() {
    RegistryClient client = client();
    TestImage image = TestImages.seeded(11).oci().build();
    for (String tag : List.of("a", "b", "c")) {
      TestPushes.push(client, "tags/demo", tag, image);
    }
    assertEquals(List.of("a", "b", "c"), client.listTags("tags/demo").stream().sorted().toList());
    assertEquals(List.of(), client.listTags("tags/never-pushed"));

    assertTrue(client.deleteManifest("tags/demo", Digest.parse(image.digest())));
    assertTrue(client.headManifest("tags/demo", image.digest()).isEmpty());
    assertFalse(client.deleteManifest("tags/demo", Digest.parse(image.digest())));
  }

  @Test
  void unknownManifestIsAClearError() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(
        RegistryException.class, () -> client().pullManifest("nothing/here", "v9"));
    assertEquals(404, e.status());
    assertTrue(e.getMessage().contains("pull manifest " + registry.host() + "/nothing/here:v9"), e.getMessage());
    assertTrue(e.getMessage().contains("MANIFEST_UNKNOWN") || e.getMessage().contains("NAME_UNKNOWN"), e.getMessage());
  }

  @Test
  void indexChildrenAreListedWithPlatforms() {
    TestImages gen = TestImages.seeded(3);
    TestImage amd = gen.oci().build();
    TestImage arm = gen.oci().platform("linux", "arm64", "v8").build();
    var index = TestImages.index(List.of(amd, arm)).build();
    TestPushes.push(client(), "multi/arch", "1.0", index);
    Manifest pulled = client().pullManifest("multi/arch", "1.0");
    assertEquals(MediaTypes.OCI_INDEX, pulled.mediaType());
    assertEquals("linux/arm64/v8", pulled.summary().manifests().get(1).platform().toString());
  }
}
