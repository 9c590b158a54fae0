package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialSourcesTest {
  @TempDir Path dir;

  private Path config(Path file, String json) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, json);
    return file;
  }

  @Test
  void readsAuthFromDockerConfig() throws Exception {
    String auth = Base64.getEncoder().encodeToString("alice:s3cr:et".getBytes(StandardCharsets.UTF_8));
    Path file = config(dir.resolve("docker/config.json"), "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + auth + "\"}}}");
    var found = new DockerConfigCredentials(List.of(file)).credentialsFor("127.0.0.1:5000").orElseThrow();
    var basic = assertInstanceOf(RegistryCredentials.Basic.class, found);
    assertEquals("alice", basic.username());
    assertEquals("s3cr:et", basic.password().reveal());
    assertFalse(found.toString().contains("s3cr"), found.toString());
    assertTrue(new DockerConfigCredentials(List.of(file)).credentialsFor("other:5000").isEmpty());
  }

  @Test
  void aDockerConfigThatIsNotJsonIsAnErrorNamingTheFileNotASilentAnonymousPull() throws Exception {
    // A trailing comma: docker itself refuses this file; quietly pulling anonymously would turn
    // into a confusing "denied" far from the cause.
    Path file = config(dir.resolve("broken/config.json"),
        "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"canary-Zm9vOmJhcg\"},}}");
    var e = assertThrows(CredentialsException.class,
        () -> new DockerConfigCredentials(List.of(file)).credentialsFor("127.0.0.1:5000"));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    assertFalse(e.getMessage().contains("canary"), "no part of the file's content is quoted: " + e.getMessage());
  }

  @Test
  void identityTokenBecomesRefreshToken() throws Exception {
    String auth = Base64.getEncoder().encodeToString("00000000-0000-0000-0000-000000000000:".getBytes(StandardCharsets.UTF_8));
    Path file = config(dir.resolve("c.json"),
        "{\"auths\":{\"reg.local\":{\"auth\":\"" + auth + "\",\"identitytoken\":\"refresh-123\"}}}");
    var found = new DockerConfigCredentials(List.of(file)).credentialsFor("reg.local").orElseThrow();
    var refresh = assertInstanceOf(RegistryCredentials.RefreshToken.class, found);
    assertEquals("refresh-123", refresh.token().reveal());
  }

  @Test
  void standardLocationsHonourEnvironment() {
    var source = DockerConfigCredentials.standard(
        Map.of("DOCKER_CONFIG", "/cfg", "XDG_RUNTIME_DIR", "/run/user/1"), Path.of("/home/u"));
    assertEquals(
        List.of(Path.of("/cfg/config.json"), Path.of("/home/u/.docker/config.json"), Path.of("/run/user/1/containers/auth.json")),
        source.configFiles());
  }

  @Test
  void laterFilesAreSearchedWhenEarlierOnesLackTheHost() throws Exception {
    Path first = config(dir.resolve("a.json"), "{\"auths\":{}}");
    String auth = Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8));
    Path second = config(dir.resolve("containers/auth.json"), "{\"auths\":{\"h:1\":{\"auth\":\"" + auth + "\"}}}");
    var found = new DockerConfigCredentials(List.of(dir.resolve("missing.json"), first, second)).credentialsFor("h:1");
    assertEquals("bob", ((RegistryCredentials.Basic) found.orElseThrow()).username());
  }

  @Test
  void tokenFileIsReadAndStripped() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "  tok-en\n");
    var source = new TokenFileCredentials(Map.of("h:1", new TokenFileCredentials.Entry("robot", token)));
    var basic = (RegistryCredentials.Basic) source.credentialsFor("h:1").orElseThrow();
    assertEquals("tok-en", basic.password().reveal());
    Files.writeString(token, "\n");
    var e = assertThrows(CredentialsException.class, () -> source.credentialsFor("h:1"));
    assertTrue(e.getMessage().contains("empty"));
  }
  @Test
  void aBrokenConfigFileIsNamedInASentenceWithoutItsSecretOrAJavaClass() throws Exception {
    String canary = "CANARY-pw";
    String noColon = Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8));
    Map<String, String> broken = Map.of(
        "not JSON", "{\"auths\":{\"h:1\":{\"username\":\"u\",\"password\":\"" + canary + "\" \"x\":1}}}",
        "not base64", "{\"auths\":{\"h:1\":{\"auth\":\"" + canary + "!!\"}}}",
        "no user:password", "{\"auths\":{\"h:1\":{\"auth\":\"" + noColon + "\"}}}");
    for (var e : broken.entrySet()) {
      Path file = config(dir.resolve(e.getKey().replace(' ', '-') + "/config.json"), e.getValue());
      var source = new DockerConfigCredentials(List.of(file));
      var thrown = assertThrows(CredentialsException.class, () -> source.credentialsFor("h:1"), e.getKey());
      String message = thrown.getMessage();
      assertTrue(message.contains(file.toString()), e.getKey() + ": " + message);
      assertFalse(message.contains(canary), e.getKey() + ": " + message);
      assertFalse(message.matches(".*[A-Z][a-z]+(Exception|Error).*"), e.getKey() + ": no Java class: " + message);
    }
  }
}
