package dev.airgap.bundle.registry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.registry.CredentialSource;
import dev.airgap.bundle.registry.CredentialsException;
import dev.airgap.bundle.registry.RegistryCredentials;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.registry.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading valid configs: values, defaults, relative paths and credentials. */
class RegistriesConfigTest {
  static final String EXAMPLE = """
      {"registries": {
         "127.0.0.1:5001": {"plain-http": true},
         "quay.io": {"tokens": {"pull": "/path/auth.json"}, "tls-verify": true, "ca-file": "/path/ca.pem"}},
       "targets": {
         "quay-lab": {"url": "quay-lab.example.com/tectonic-mirror", "flavor": "quay",
                      "tokens": {"push": "/path/push-auth.json", "api": "/path/api-token"},
                      "tls-verify": true, "plain-http": false, "ca-file": "/path/lab-ca.pem",
                      "repository": "{name}", "quay": {"visibility": "private"}}}}
      """;

  @TempDir Path dir;

  @Test
  void theDocumentedExampleLoads() throws Exception {
    RegistriesConfig config = RegistriesConfig.load(write("registries.json", EXAMPLE));

    RegistrySettings local = config.settingsFor("127.0.0.1:5001");
    assertTrue(local.plainHttp());
    RegistrySettings quay = config.settingsFor("quay.io");
    assertEquals(new RegistrySettings("quay.io", true, Path.of("/path/ca.pem"), false), quay);
    assertEquals(Path.of("/path/auth.json"), config.registry("quay.io").orElseThrow().pullAuthFile());

    TargetConfig lab = config.target("quay-lab");
    assertEquals("quay-lab", lab.name());
    assertEquals("quay-lab.example.com", lab.host());
    assertEquals("tectonic-mirror", lab.pathPrefix());
    assertEquals("quay-lab.example.com/tectonic-mirror", lab.url());
    assertEquals(Flavor.QUAY, lab.flavor());
    assertEquals(Map.of(TokenRole.PUSH, Path.of("/path/push-auth.json"), TokenRole.API, Path.of("/path/api-token")),
        lab.tokens());
    assertEquals(new RegistrySettings("quay-lab.example.com", true, Path.of("/path/lab-ca.pem"), false), lab.settings());
    assertEquals("{name}", lab.repositoryTemplate().text());
    assertEquals("private", lab.options().path("visibility").asText());
    assertEquals("tectonic-mirror/etcd", lab.repositoryFor("coreos/etcd", "etcd"));
    assertEquals(List.of("quay-lab"), List.copyOf(config.targets().keySet()));
  }

  @Test
  void unlistedHostsGetSecureDefaults() throws Exception {
    RegistriesConfig config = RegistriesConfig.load(write("registries.json", EXAMPLE));
    assertEquals(RegistrySettings.secure("ghcr.io"), config.settingsFor("ghcr.io"));
    assertEquals(RegistrySettings.secure("ghcr.io"), RegistriesConfig.empty().settingsFor("ghcr.io"));
    assertTrue(RegistriesConfig.empty().targets().isEmpty());
    assertTrue(RegistriesConfig.empty().source().isEmpty());
  }

  @Test
  void minimalFilesAndDefaults() throws Exception {
    RegistriesConfig config = RegistriesConfig.load(write("registries.json", """
        {"targets": {"lab": {"url": "registry.lab:5000"},
                     "q": {"url": "quay.lab/org", "flavor": "quay"}}}
        """));
    TargetConfig lab = config.target("lab");
    assertEquals(Flavor.GENERIC, lab.flavor());
    assertEquals("", lab.pathPrefix());
    assertEquals("{path}", lab.repositoryTemplate().text());
    assertEquals("coreos/etcd", lab.repositoryFor("coreos/etcd", "etcd"));
    assertEquals(RegistrySettings.secure("registry.lab:5000"), lab.settings());
    assertTrue(lab.tokens().isEmpty());
    assertTrue(lab.options().isObject() && lab.options().isEmpty());
    assertEquals("{name}", config.target("q").repositoryTemplate().text(), "quay defaults to {name}");
    assertEquals("org/etcd", config.target("q").repositoryFor("coreos/etcd", null));

    assertTrue(RegistriesConfig.load(write("empty-object.json", "{}")).targets().isEmpty());
  }

  @Test
  void templatesCombinePrefixAndVariables() throws Exception {
    RegistriesConfig config = RegistriesConfig.load(write("registries.json", """
        {"targets": {"t": {"url": "h.example/mirror/", "repository": "releases/{key}-{name}"}}}
        """));
    TargetConfig t = config.target("t");
    assertEquals("mirror", t.pathPrefix(), "a trailing slash is dropped");
    assertEquals("mirror/releases/node-agent-agent", t.repositoryFor("coreos/agent", "node-agent"));
    assertThrows(IllegalArgumentException.class, () -> t.repositoryFor("coreos/agent", null));
    assertThrows(IllegalArgumentException.class, () -> t.repositoryFor("coreos/agent", "Bad Key"));
  }

  @Test
  void relativePathsResolveAgainstTheFilesDirectory() throws Exception {
    Path file = write("conf/registries.json", """
        {"registries": {"quay.io": {"tokens": {"pull": "auth/pull.json"}, "ca-file": "../certs/ca.pem"}},
         "targets": {"t": {"url": "h.example", "tokens": {"push": "./push.json", "api": "/abs/token"}}}}
        """);
    RegistriesConfig config = RegistriesConfig.load(file);
    Path confDir = dir.resolve("conf").toAbsolutePath();
    assertEquals(confDir.resolve("auth/pull.json"), config.registry("quay.io").orElseThrow().pullAuthFile());
    assertEquals(dir.toAbsolutePath().resolve("certs/ca.pem"), config.settingsFor("quay.io").caFile());
    assertEquals(confDir.resolve("push.json"), config.target("t").tokens().get(TokenRole.PUSH));
    assertEquals(Path.of("/abs/token"), config.target("t").tokens().get(TokenRole.API));
    assertEquals(Optional.of(file.toAbsolutePath()), config.source());
  }

  @Test
  void dockerHubNamesShareOneEntry() throws Exception {
    RegistriesConfig config = RegistriesConfig.load(write("registries.json", """
        {"registries": {"docker.io": {"ca-file": "/ca.pem"}}}
        """));
    assertEquals(Path.of("/ca.pem"), config.settingsFor("registry-1.docker.io").caFile());
    assertEquals("registry-1.docker.io", config.settingsFor("registry-1.docker.io").host());
    assertEquals(Path.of("/ca.pem"), config.settingsFor("index.docker.io").caFile());
  }

  @Test
  void pullCredentialsComeFromTheConfiguredFileElseTheFallback() throws Exception {
    write("auth/pull.json", authFile("quay.io", "puller", "pw1"));
    RegistriesConfig config = RegistriesConfig.load(write("registries.json", """
        {"registries": {"quay.io": {"tokens": {"pull": "auth/pull.json"}},
                        "gone.example": {"tokens": {"pull": "auth/missing.json"}},
                        "wrong.example": {"tokens": {"pull": "auth/pull.json"}}}}
        """));
    RegistryCredentials fallbackCreds = new RegistryCredentials.Basic("fallback", Secret.of("x"));
    CredentialSource creds = config.credentials(host -> Optional.of(fallbackCreds));

    var basic = assertInstanceOf(RegistryCredentials.Basic.class, creds.credentialsFor("quay.io").orElseThrow());
    assertEquals("puller", basic.username());
    assertEquals("pw1", basic.password().reveal());
    assertEquals(fallbackCreds, creds.credentialsFor("ghcr.io").orElseThrow(), "unlisted hosts use the fallback");

    CredentialsException missing = assertThrows(CredentialsException.class, () -> creds.credentialsFor("gone.example"));
    assertTrue(missing.getMessage().contains("pull token file of registry gone.example"), missing.getMessage());
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    CredentialsException noEntry = assertThrows(CredentialsException.class, () -> creds.credentialsFor("wrong.example"));
    assertTrue(noEntry.getMessage().contains("has no credentials for wrong.example"), noEntry.getMessage());
    assertFalse(noEntry.getMessage().contains("pw1"));
  }

  @Test
  void pushCredentialsAndApiTokenOfATarget() throws Exception {
    write("push.json", authFile("quay-lab.example.com", "robot+mirror", "pushpw"));
    write("api-token", "  bearer-abc \n");
    RegistriesConfig config = RegistriesConfig.load(write("registries.json", """
        {"targets": {"lab": {"url": "quay-lab.example.com/org", "flavor": "quay",
                             "tokens": {"push": "push.json", "api": "api-token"}},
                     "plain": {"url": "other.example"}}}
        """));
    TargetConfig lab = config.target("lab");
    CredentialSource anonymousFallback = CredentialSource.anonymous();
    var basic = assertInstanceOf(RegistryCredentials.Basic.class,
        lab.pushCredentials(anonymousFallback).credentialsFor("quay-lab.example.com").orElseThrow());
    assertEquals("robot+mirror", basic.username());
    assertTrue(lab.pushCredentials(anonymousFallback).credentialsFor("elsewhere.example").isEmpty(),
        "a target's push file is only for its own host");
    assertEquals("bearer-abc", lab.apiToken().orElseThrow().reveal());

    TargetConfig plain = config.target("plain");
    assertTrue(plain.apiToken().isEmpty());
    assertTrue(plain.pushCredentials(anonymousFallback).credentialsFor("other.example").isEmpty());
  }

  @Test
  void apiUrlDefaultsToTheRegistryHost() throws Exception {
    RegistriesConfig config = RegistriesConfig.load(write("registries.json", """
        {"targets": {"tls": {"url": "harbor.lab/p", "flavor": "harbor"},
                     "plain": {"url": "127.0.0.1:5001/p", "flavor": "harbor", "plain-http": true},
                     "ipv6": {"url": "[::1]:5001/p", "flavor": "harbor", "plain-http": true},
                     "own": {"url": "docker.lab/docker-local", "flavor": "artifactory",
                             "api-url": "https://artifactory.lab:8443/"},
                     "nested": {"url": "docker.lab/docker-local", "flavor": "artifactory",
                                "api-url": "https://lab.example/tools/artifactory//"}}}
        """));
    assertNull(config.target("tls").apiUrl());
    assertEquals(URI.create("https://harbor.lab"), config.target("tls").apiBaseUrl());
    assertEquals(URI.create("http://127.0.0.1:5001"), config.target("plain").apiBaseUrl());
    assertEquals(URI.create("http://[::1]:5001"), config.target("ipv6").apiBaseUrl());
    assertEquals(URI.create("https://artifactory.lab:8443"), config.target("own").apiUrl(),
        "a trailing slash is dropped so API paths can be appended");
    assertEquals(URI.create("https://artifactory.lab:8443"), config.target("own").apiBaseUrl());
    assertEquals(URI.create("https://lab.example/tools/artifactory"), config.target("nested").apiBaseUrl());
  }

  @Test
  void nexusOptions() throws Exception {
    RegistriesConfig config = RegistriesConfig.load(write("registries.json", """
        {"targets": {"n": {"url": "nexus.lab:8082/mirror", "flavor": "nexus", "api-url": "https://nexus.lab",
                           "nexus": {"repository": "docker-hosted", "http-port": 8082}}}}
        """));
    TargetConfig n = config.target("n");
    assertEquals(Flavor.NEXUS, n.flavor());
    assertEquals("docker-hosted", n.options().path("repository").asText());
    assertEquals(8082, n.options().path("http-port").asInt());
  }

  @Test
  void targetsBuiltInCodeMayOmitTheApiUrl() {
    TargetConfig t = new TargetConfig("t", "h.example", "", Flavor.GENERIC, Map.of(), true, false, null,
        Flavor.GENERIC.defaultRepositoryTemplate(), null);
    assertNull(t.apiUrl());
    assertEquals(URI.create("https://h.example"), t.apiBaseUrl());
    assertThrows(IllegalArgumentException.class, () -> new TargetConfig("t", "h.example", "", Flavor.GENERIC,
        Map.of(), true, false, null, Flavor.GENERIC.defaultRepositoryTemplate(), null, URI.create("ftp://h.example")));
  }

  @Test
  void theLedgerRepositoryDefaultsToTheUrlPathAndCanBeNamed() throws Exception {
    RegistriesConfig config = RegistriesConfig.load(write("registries.json", """
        {"targets": {"bare": {"url": "registry.lab:5000"},
                     "org": {"url": "registry.lab:5000/org/mirror/"},
                     "named": {"url": "registry.lab:5000/org", "ledger": "admin/import-ledger"}}}
        """));
    assertEquals("bundle-ledger", config.target("bare").ledgerRepository());
    assertEquals("org/mirror/bundle-ledger", config.target("org").ledgerRepository());
    // A named ledger is a full path: it is not put under the url's path.
    assertEquals("admin/import-ledger", config.target("named").ledgerRepository());
  }

  @Test
  void targetsBuiltInCodeGetTheDefaultLedger() {
    TargetConfig old = new TargetConfig("t", "h.example", "org", Flavor.GENERIC, Map.of(), true, false, null,
        Flavor.GENERIC.defaultRepositoryTemplate(), null);
    assertEquals("org/bundle-ledger", old.ledgerRepository());
    TargetConfig withApi = new TargetConfig("t", "h.example", "", Flavor.GENERIC, Map.of(), true, false, null,
        Flavor.GENERIC.defaultRepositoryTemplate(), null, URI.create("https://api.example"));
    assertEquals("bundle-ledger", withApi.ledgerRepository());
    assertThrows(IllegalArgumentException.class, () -> new TargetConfig("t", "h.example", "", Flavor.GENERIC,
        Map.of(), true, false, null, Flavor.GENERIC.defaultRepositoryTemplate(), null, null, "Bad/Ledger", null));
  }

  @Test
  void unknownTargetNamesListTheKnownOnes() throws Exception {
    RegistriesConfig config = RegistriesConfig.load(write("registries.json", """
        {"targets": {"lab": {"url": "a.example"}, "prod": {"url": "b.example"}}}
        """));
    ConfigException e = assertThrows(ConfigException.class, () -> config.target("labb"));
    assertTrue(e.getMessage().contains("no target named 'labb' (known targets: lab, prod)"), e.getMessage());
    ConfigException none = assertThrows(ConfigException.class, () -> RegistriesConfig.empty().target("lab"));
    assertTrue(none.getMessage().contains("no registries config file was found"), none.getMessage());
    assertNull(none.file());
  }

  private Path write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }

  static String authFile(String host, String user, String password) {
    String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return "{\"auths\": {\"" + host + "\": {\"auth\": \"" + auth + "\"}}}";
  }
}
