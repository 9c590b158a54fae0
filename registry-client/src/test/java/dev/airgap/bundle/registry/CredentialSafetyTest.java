package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.testing.FaultProxy;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Where credentials and tokens may go, and where they must never go. */
class CredentialSafetyTest {
  @TempDir Path temp;

  @Nested
  class PlainHttpWithBasicAuth {
    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.builder().htpasswd().plainHttp().build();

    @Test
    void credentialsAreNeverSentOverPlainHttp() throws Exception {
      try (FaultProxy proxy = FaultProxy.start(registry.host())) {
        Path secret = temp.resolve("pw");
        Files.writeString(secret, registry.password());
        var creds = new TokenFileCredentials(
            Map.of(proxy.host(), new TokenFileCredentials.Entry(registry.username(), secret)));
        RegistryClient client = RegistryClient.builder(RegistrySettings.secure(proxy.host()).withPlainHttp(true))
            .credentials(creds).build();

        var e = assertThrows(RegistryAuthException.class, () -> client.pullManifest("private/app", "v1"));
        assertTrue(e.getMessage().contains("refusing to send credentials"), e.getMessage());
        assertFalse(proxy.exchanges().isEmpty());
        assertTrue(proxy.exchanges().stream().noneMatch(x -> x.header("Authorization").isPresent()),
            proxy.exchanges().toString());
        CanaryCheck.assertAbsent(registry.password(), e, java.util.List.of());
      }
    }
  }

  @Nested
  class AnonymousTokens {
    @RegisterExtension
    static RegistryExtension registry =
        RegistryExtension.builder().token().plainHttp().anonymousTokenActions("pull", "push").build();

    @RegisterExtension static RegistryExtension storage = RegistryExtension.anonymous();

    @Test
    void authorizationIsDroppedOnARedirectToAnotherHost() throws Exception {
      try (FaultProxy proxy = FaultProxy.start(registry.host());
          FaultProxy objectStore = FaultProxy.start(storage.host())) {
        RegistryClient client = RegistryClient.builder(RegistrySettings.secure(proxy.host()).withPlainHttp(true)).build();
        byte[] content = new byte[20_000];
        new Random(1).nextBytes(content);
        Digest digest = Digest.sha256(content);
        client.pushBlob("redirect/app", digest, BodySource.ofBytes(content));
        RegistryClient.builder(RegistrySettings.secure(storage.host()).withPlainHttp(true)).build()
            .pushBlob("redirect/app", digest, BodySource.ofBytes(content));

        // Like a registry handing blob downloads to object storage on another host, which needs
        // (and must get) none of the registry's credentials.
        String elsewhere = objectStore.baseUri() + "v2/redirect/app/blobs/" + digest;
        proxy.clear();
        proxy.when("GET", "/v2/redirect/app/blobs/.*").times(1).respond(307, Map.of("Location", elsewhere), "");

        try (InputStream in = client.openBlob("redirect/app", digest, content.length)) {
          assertArrayEquals(content, in.readAllBytes());
        }
        assertTrue(proxy.exchanges().get(0).header("Authorization").orElse("").startsWith("Bearer "),
            proxy.exchanges().toString());
        assertFalse(objectStore.exchanges().isEmpty(), objectStore.exchanges().toString());
        assertTrue(objectStore.exchanges().stream().noneMatch(x -> x.header("Authorization").isPresent()),
            objectStore.exchanges().toString());
      }
    }

    @Test
    void aNewChallengeFetchesAFreshTokenAndRetries() throws Exception {
      try (FaultProxy proxy = FaultProxy.start(registry.host())) {
        RegistryClient client = RegistryClient.builder(RegistrySettings.secure(proxy.host()).withPlainHttp(true)).build();
        TestImage image = TestImages.seeded(31).oci().build();
        TestPushes.push(client, "refresh/app", "v1", image);
        client.pullManifest("refresh/app", "v1");
        registry.tokenServer().clearRequests();

        // The cached token is now refused, as an expired or revoked one would be.
        String challenge = "Bearer realm=\"" + registry.tokenServer().realm() + "\",service=\""
            + registry.tokenServer().service() + "\",scope=\"repository:refresh/app:pull\",error=\"invalid_token\"";
        proxy.when("GET", "/v2/refresh/app/manifests/.*").times(1).respond(401, Map.of("WWW-Authenticate", challenge), "");

        assertArrayEquals(image.bytes(), client.pullManifest("refresh/app", "v1").bytes());
        assertEquals(1, registry.tokenServer().requests().size(), registry.tokenServer().requests().toString());
      }
    }
  }
}
