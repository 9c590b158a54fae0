package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.DigestMismatchException;
import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.format.InvalidDigestException;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input is refused before anything reaches the registry. */
class InputRejectionTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  private final RecordingListener events = new RecordingListener();
  private final RegistryClient client = RegistryClient.builder(
      RegistrySettings.secure(registry.host()).withPlainHttp(true)).listener(events).build();

  @ParameterizedTest
  @ValueSource(strings = {
      "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
      "sha256:../x",
      "md5:d41d8cd98f00b204e9800998ecf8427e",
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/../../x"})
  void malformedDigestReferencesNeverLeaveTheClient(String reference) {
    assertThrows(InvalidDigestException.class, () -> client.pullManifest("a/b", reference));
    assertThrows(InvalidDigestException.class, () -> client.headManifest("a/b", reference));
    assertEquals(0, events.lines().size(), events.lines().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../etc", "a/../../b", "Upper", "a//b", "/abs", "a?x=1", ""})
  void malformedRepositoriesAreRefused(String repository) {
    var e = assertThrows(IllegalArgumentException.class, () -> client.pullManifest(repository, "v1"));
    assertTrue(e.getMessage().contains("repository"), e.getMessage());
    assertEquals(0, events.lines().size());
  }

  @Test
  void malformedTagsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> client.pullManifest("a/b", "../x"));
    assertThrows(IllegalArgumentException.class, () -> client.pullManifest("a/b", "t?x"));
    assertEquals(0, events.lines().size());
  }

  @Test
  void oversizeManifestIsRefusedBeforePush() {
    var over = TestImages.seeded(5).oci().oversized().build();
    var e = assertThrows(IntegrityException.class, () -> Manifest.of(over.bytes(), over.mediaType()));
    assertTrue(e.getMessage().contains("limit"), e.getMessage());
  }

  @Test
  void pushByDigestRefusesBytesThatDoNotMatch() {
    var image = TestImages.seeded(6).oci().build();
    var other = TestImages.seeded(7).oci().build();
    assertThrows(DigestMismatchException.class,
        () -> client.pushManifest("a/b", other.digest(), Manifest.of(image.bytes(), image.mediaType())));
    assertEquals(0, events.lines().size());
  }
}
