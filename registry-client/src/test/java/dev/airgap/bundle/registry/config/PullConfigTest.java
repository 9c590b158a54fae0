package dev.airgap.bundle.registry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.registry.CredentialsException;
import dev.airgap.bundle.registry.RegistryCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A target's {@code pull} section: what it means, its defaults, and errors that name the field. */
class PullConfigTest {
  @TempDir Path dir;

  private TargetConfig load(String target) throws Exception {
    Path file = Files.writeString(dir.resolve("registries.json"), "{\"targets\": {\"Quay_Lab.2\": " + target + "}}");
    return RegistriesConfig.load(file).target("Quay_Lab.2");
  }

  @Test
  void aRobotWithDefaults() throws Exception {
    TargetConfig t = load("{\"url\": \"quay.lab/tectonic\", \"flavor\": \"quay\","
        + " \"pull\": {\"robot\": \"puller\", \"namespaces\": [\"apps\", \"monitoring\"]}}");
    PullConfig pull = t.pull();
    assertTrue(pull.usesRobot());
    assertEquals("puller", pull.robot());
    assertNull(pull.tokenFile());
    assertEquals(List.of("apps", "monitoring"), pull.namespaces());
    assertEquals(List.of("deployer", "default"), pull.serviceAccounts(), "both, so either works");
    assertEquals("bundle-pull-quay-lab-2", pull.secretName(), "the target name made a Kubernetes name");
  }

  @Test
  void aTokenFileForAnyFlavorWithItsOwnNames() throws Exception {
    Files.writeString(dir.resolve("pull.json"), RegistriesConfigTest.authFile("harbor.lab", "robot$pull", "pw"));
    TargetConfig t = load("{\"url\": \"harbor.lab/mirror\", \"flavor\": \"harbor\", \"pull\": {\"token-file\": "
        + "\"pull.json\", \"namespaces\": [\"apps\"], \"service-account\": \"builder\", \"secret-name\": \"mirror-pull\"}}");
    PullConfig pull = t.pull();
    assertFalse(pull.usesRobot());
    assertEquals(dir.resolve("pull.json"), pull.tokenFile(), "relative to the config file");
    assertEquals(List.of("builder"), pull.serviceAccounts());
    assertEquals("mirror-pull", pull.secretName());
    RegistryCredentials.Basic basic = (RegistryCredentials.Basic) t.pullTokenCredentials()
        .credentialsFor("harbor.lab").orElseThrow();
    assertEquals("robot$pull", basic.username());
    assertEquals("pw", basic.password().reveal());
  }

  @Test
  void aTokenFileWithoutTheHostIsAnError() throws Exception {
    Files.writeString(dir.resolve("pull.json"), RegistriesConfigTest.authFile("other.lab", "u", "p"));
    TargetConfig t = load("{\"url\": \"harbor.lab/mirror\", \"flavor\": \"harbor\","
        + " \"pull\": {\"token-file\": \"pull.json\", \"namespaces\": [\"apps\"]}}");
    CredentialsException e = assertThrows(CredentialsException.class,
        () -> t.pullTokenCredentials().credentialsFor("harbor.lab"));
    assertTrue(e.getMessage().contains("pull token-file of target Quay_Lab.2"), e.getMessage());
    assertTrue(e.getMessage().contains("has no credentials for harbor.lab"), e.getMessage());
  }

  @Test
  void noPullSectionMeansNull() throws Exception {
    assertNull(load("{\"url\": \"quay.lab/tectonic\", \"flavor\": \"quay\"}").pull());
  }

  @Test
  void errorsNameTheField() throws Exception {
    String quay = "{\"url\": \"quay.lab/o\", \"flavor\": \"quay\", \"pull\": ";
    assertProblem(quay + "{\"namespaces\": [\"apps\"]}}",
        "$.targets.t.pull: say where the clusters' pull credential comes from: \"robot\"");
    assertProblem(quay + "{\"robot\": \"puller\", \"token-file\": \"f\", \"namespaces\": [\"apps\"]}}",
        "$.targets.t.pull: set either robot or token-file, not both");
    assertProblem("{\"url\": \"harbor.lab/p\", \"flavor\": \"harbor\", \"pull\": {\"robot\": \"puller\","
        + " \"namespaces\": [\"apps\"]}}", "$.targets.t.pull.robot: robot accounts are a Quay feature, but this "
        + "target's flavor is harbor; use \"token-file\"");
    assertProblem(quay + "{\"robot\": \"Puller\", \"namespaces\": [\"apps\"]}}",
        "$.targets.t.pull.robot: is not a Quay robot short name");
    assertProblem(quay + "{\"robot\": \"o+puller\", \"namespaces\": [\"apps\"]}}",
        "$.targets.t.pull.robot: is not a Quay robot short name");
    assertProblem(quay + "{\"robot\": \"puller\"}}", "$.targets.t.pull.namespaces: is required but missing");
    assertProblem(quay + "{\"robot\": \"puller\", \"namespaces\": []}}", "$.targets.t.pull.namespaces: ");
    assertProblem(quay + "{\"robot\": \"puller\", \"namespaces\": [\"Apps\"]}}",
        "$.targets.t.pull.namespaces[0]: is not a Kubernetes namespace name");
    assertProblem(quay + "{\"robot\": \"puller\", \"namespaces\": [\"apps\", \"apps\"]}}",
        "$.targets.t.pull.namespaces: ");
    assertProblem(quay + "{\"robot\": \"puller\", \"namespaces\": [\"apps\"], \"service-account\": \"de_ployer\"}}",
        "$.targets.t.pull.service-account: is not a Kubernetes object name");
    assertProblem(quay + "{\"robot\": \"puller\", \"namespaces\": [\"apps\"], \"secret-name\": \"-x\"}}",
        "$.targets.t.pull.secret-name: is not a Kubernetes object name");
    assertProblem(quay + "{\"robot\": \"puller\", \"namespaces\": [\"apps\"], \"token\": \"x\"}}",
        "$.targets.t.pull.token: unknown key (expected one of: robot, token-file, namespaces, service-account, "
            + "secret-name)");
    assertProblem(quay + "{\"token-file\": \"~/pull.json\", \"namespaces\": [\"apps\"]}}",
        "$.targets.t.pull.token-file: '~' is not expanded");
  }

  @Test
  void theRecordChecksItselfToo() {
    Path file = dir.resolve("f");
    List<String> ns = List.of("apps");
    List<String> sa = List.of("default");
    assertThrows(IllegalArgumentException.class, () -> new PullConfig(null, null, ns, sa, "s"));
    assertThrows(IllegalArgumentException.class, () -> new PullConfig("puller", file, ns, sa, "s"));
    assertThrows(IllegalArgumentException.class, () -> new PullConfig(null, Path.of("rel"), ns, sa, "s"));
    assertThrows(IllegalArgumentException.class, () -> new PullConfig("puller", null, List.of(), sa, "s"));
    assertThrows(IllegalArgumentException.class, () -> new PullConfig("puller", null, List.of("a", "a"), sa, "s"));
    assertThrows(IllegalArgumentException.class, () -> new PullConfig("puller", null, List.of("a/b"), sa, "s"));
    assertThrows(IllegalArgumentException.class, () -> new PullConfig("puller", null, ns, List.of(".."), "s"));
    assertThrows(IllegalArgumentException.class, () -> new PullConfig("puller", null, ns, sa, "S"));
    PullConfig robot = new PullConfig("puller", null, ns, sa, "s");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TargetConfig("t", "h.example",
        "o", Flavor.HARBOR, Map.of(), true, false, null, Flavor.HARBOR.defaultRepositoryTemplate(), null, null, null, robot));
    assertTrue(e.getMessage().contains("Quay robot account"), e.getMessage());
  }

  private void assertProblem(String target, String expected) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.json"), "{\"targets\": {\"t\": " + target + "}}");
    ConfigException e = assertThrows(ConfigException.class, () -> RegistriesConfig.load(file), target);
    assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(expected)),
        "expected a problem starting with\n  " + expected + "\nbut got\n  " + String.join("\n  ", e.problems()));
  }
}
