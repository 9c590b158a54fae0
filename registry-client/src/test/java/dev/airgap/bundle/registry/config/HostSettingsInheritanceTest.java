package dev.airgap.bundle.registry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.registry.RegistrySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A target takes its host's entry under {@code registries}, key by key, unless it sets the key itself. */
class HostSettingsInheritanceTest {
  @TempDir Path dir;

  @Test
  void aTargetTakesEveryConnectionKeyOfItsHost() throws Exception {
    RegistriesConfig config = load("""
        {"registries": {"registry.lab:5000": {"plain-http": true, "tls-verify": false, "ca-file": "certs/ca.pem",
                                              "tokens": {"pull": "pull.json", "push": "push.json"}}},
         "targets": {"lab": {"url": "registry.lab:5000/mirror"}}}
        """);
    TargetConfig lab = config.target("lab");
    assertEquals(new RegistrySettings("registry.lab:5000", false, dir.resolve("certs/ca.pem"), true), lab.settings());
    assertEquals(dir.resolve("push.json"), lab.tokens().get(TokenRole.PUSH));
    assertEquals("http://registry.lab:5000", lab.apiBaseUrl().toString(), "the admin API follows the inherited scheme");
  }

  @Test
  void theTargetsOwnKeysOverrideItsHostsOneByOne() throws Exception {
    RegistriesConfig config = load("""
        {"registries": {"registry.lab:5000": {"plain-http": true, "tls-verify": false, "ca-file": "/host-ca.pem",
                                              "tokens": {"push": "/host-push.json"}}},
         "targets": {"lab": {"url": "registry.lab:5000", "plain-http": false, "ca-file": "/own-ca.pem",
                             "tokens": {"push": "/own-push.json", "api": "/api-token"}}}}
        """);
    TargetConfig lab = config.target("lab");
    assertFalse(lab.plainHttp(), "the target's own false wins over the host's true");
    assertFalse(lab.tlsVerify(), "a key the target leaves out still comes from the host");
    assertEquals(Path.of("/own-ca.pem"), lab.caFile());
    assertEquals(Path.of("/own-push.json"), lab.tokens().get(TokenRole.PUSH));
    assertEquals(Path.of("/api-token"), lab.tokens().get(TokenRole.API));
  }

  @Test
  void anotherHostsEntryAndThePortMatter() throws Exception {
    RegistriesConfig config = load("""
        {"registries": {"registry.lab": {"plain-http": true}, "other:5000": {"ca-file": "/ca.pem"}},
         "targets": {"lab": {"url": "registry.lab:5000"}}}
        """);
    assertEquals(RegistrySettings.secure("registry.lab:5000"), config.target("lab").settings());
  }

  @Test
  void dockerHubSpellingsFindTheirEntry() throws Exception {
    RegistriesConfig config = load("""
        {"registries": {"docker.io": {"ca-file": "/hub-ca.pem"}},
         "targets": {"hub": {"url": "index.docker.io/org"}}}
        """);
    assertEquals(Path.of("/hub-ca.pem"), config.target("hub").caFile());
  }

  @Test
  void aProblemInAHostEntryIsReportedOnceThoughItsTargetsInheritIt() {
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> load("""
        {"registries": {"registry.lab:5000": {"ca-file": "~/ca.pem"}},
         "targets": {"a": {"url": "registry.lab:5000/a"}, "b": {"url": "registry.lab:5000/b"}}}
        """));
    String problem = "$.registries.registry.lab:5000.ca-file: '~' is not expanded";
    assertEquals(e.getMessage().indexOf(problem), e.getMessage().lastIndexOf(problem), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void aTargetWithoutHostEntryKeepsTheSafeDefaults() throws Exception {
    TargetConfig lab = load("{\"targets\": {\"lab\": {\"url\": \"registry.lab:5000\"}}}").target("lab");
    assertEquals(RegistrySettings.secure("registry.lab:5000"), lab.settings());
    assertNull(lab.tokens().get(TokenRole.PUSH));
  }

  private RegistriesConfig load(String json) throws Exception {
    Path file = dir.resolve("registries.json");
    Files.writeString(file, json);
    return RegistriesConfig.load(file);
  }
}
