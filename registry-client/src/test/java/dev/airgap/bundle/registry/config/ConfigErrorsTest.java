package dev.airgap.bundle.registry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of mistake gives a message naming the file, the JSON path and what was expected. */
class ConfigErrorsTest {
  @TempDir Path dir;

  @Test
  void unknownKeysAreErrorsEverywhere() throws Exception {
    assertProblem("{\"registry\": {}}", "$.registry: unknown key (expected one of: $schema, registries, targets)");
    assertProblem("{\"registries\": {\"quay.io\": {\"tls-verfy\": false}}}",
        "$.registries.quay.io.tls-verfy: unknown key (expected one of: plain-http, tls-verify, ca-file, tokens)");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example\", \"flavour\": \"quay\"}}}",
        "$.targets.lab.flavour: unknown key (expected one of: url, flavor, tokens");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example\", \"tokens\": {\"pull\": \"x\"}}}}",
        "$.targets.lab.tokens.pull: unknown key (expected one of: push, api)");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example/o\", \"flavor\": \"quay\", \"quay\": {\"visibilty\": \"public\"}}}}",
        "$.targets.lab.quay.visibilty: unknown key (expected one of: visibility)");
  }

  @Test
  void wrongTypes() throws Exception {
    assertProblem("{\"registries\": {\"quay.io\": {\"plain-http\": \"true\"}}}",
        "$.registries.quay.io.plain-http: string found, boolean expected");
    assertProblem("{\"registries\": {\"quay.io\": {\"tokens\": {\"pull\": 7}}}}",
        "$.registries.quay.io.tokens.pull: integer found, string expected");
    assertProblem("{\"targets\": []}", "$.targets: array found, object expected");
    assertProblem("[]", "$: array found, object expected");
  }

  @Test
  void badFlavorListsTheFlavors() throws Exception {
    assertProblem("{\"targets\": {\"quay-lab\": {\"url\": \"a.example\", \"flavor\": \"quey\"}}}",
        "$.targets.quay-lab.flavor: does not have a value in the enumeration [\"generic\", \"quay\", \"harbor\", \"artifactory\", \"nexus\"]");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example/o\", \"flavor\": \"quay\", \"quay\": {\"visibility\": \"secret\"}}}}",
        "$.targets.lab.quay.visibility: does not have a value in the enumeration [\"public\", \"private\"]");
  }

  @Test
  void badTemplateVariables() throws Exception {
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example\", \"repository\": \"mirror/{image}\"}}}",
        "$.targets.lab.repository: may only use the variables {path}, {name} and {key}");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example\", \"repository\": \"{path\"}}}",
        "$.targets.lab.repository: may only use the variables {path}, {name} and {key}");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example\", \"repository\": \"\"}}}",
        "$.targets.lab.repository: may only use the variables");
  }

  @Test
  void badApiUrls() throws Exception {
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example\", \"api-url\": \"a.example\"}}}",
        "$.targets.lab.api-url: must be a URL such as https://registry.example.com");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example\", \"api-url\": \"ftp://a.example\"}}}",
        "$.targets.lab.api-url: must be a URL such as https://registry.example.com");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example\", \"api-url\": \"https://a.example/x?y=1\"}}}",
        "$.targets.lab.api-url: must be a URL such as https://registry.example.com");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example\", \"api-url\": \"https://a.example:x\"}}}",
        "$.targets.lab.api-url: ");
  }

  @Test
  void apiUrlCredentialsAreRejectedWithoutRepeatingThem() throws Exception {
    Path file = write("{\"targets\": {\"lab\": {\"url\": \"a.example\","
        + " \"api-url\": \"https://admin:hunter2-canary@a.example\"}}}");
    ConfigException e = assertThrows(ConfigException.class, () -> RegistriesConfig.load(file));
    assertTrue(e.getMessage().contains("$.targets.lab.api-url: "), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2-canary"), e.getMessage());
  }

  @Test
  void nexusNeedsItsRepository() throws Exception {
    assertProblem("{\"targets\": {\"n\": {\"url\": \"nexus.lab:8082\", \"flavor\": \"nexus\"}}}",
        "$.targets.n.nexus.repository: a nexus target needs the name of its hosted Docker repository");
    assertProblem("{\"targets\": {\"n\": {\"url\": \"nexus.lab:8082\", \"flavor\": \"nexus\", \"nexus\": {}}}}",
        "$.targets.n.nexus.repository: is required but missing");
    assertProblem("{\"targets\": {\"n\": {\"url\": \"nexus.lab:8082\", \"flavor\": \"nexus\","
        + " \"nexus\": {\"repository\": \"_x\"}}}}", "$.targets.n.nexus.repository: is not a Nexus repository name");
    assertProblem("{\"targets\": {\"n\": {\"url\": \"nexus.lab:8082\", \"flavor\": \"nexus\","
        + " \"nexus\": {\"repository\": \"d\", \"http-port\": 0}}}}", "$.targets.n.nexus.http-port: ");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example/p\", \"flavor\": \"harbor\","
        + " \"nexus\": {\"repository\": \"d\"}}}}", "$.targets.lab.nexus: options for flavor nexus, but this target's flavor is harbor");
  }

  @Test
  void missingUrl() throws Exception {
    assertProblem("{\"targets\": {\"lab\": {\"flavor\": \"harbor\"}}}", "$.targets.lab.url: is required but missing");
  }

  @Test
  void badUrls() throws Exception {
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"https://a.example/x\"}}}",
        "$.targets.lab.url: must be host[:port][/path] without a scheme");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"A.Example/x\"}}}", "$.targets.lab.url: write the host 'A.Example' in lowercase");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example/Org\"}}}",
        "$.targets.lab.url: the path 'Org' is not a repository prefix");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a_b.example\"}}}", "$.targets.lab.url: 'a_b.example' is not a registry host[:port]");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example:99999\"}}}", "$.targets.lab.url: port 99999 is out of range");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"quay.example\", \"flavor\": \"quay\"}}}",
        "$.targets.lab.url: a quay target needs the organization in the url, as host/organization");
  }

  @Test
  void badLedgerRepositories() throws Exception {
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example\", \"ledger\": \"Org/Ledger\"}}}",
        "$.targets.lab.ledger: is not a repository path (lowercase components such as org/bundle-ledger)");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example\", \"ledger\": \"org//ledger\"}}}",
        "$.targets.lab.ledger: is not a repository path");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example\", \"ledger\": 7}}}",
        "$.targets.lab.ledger: integer found, string expected");
  }

  @Test
  void flavorOptionsMustMatchTheFlavor() throws Exception {
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example/p\", \"flavor\": \"harbor\", \"quay\": {}}}}",
        "$.targets.lab.quay: options for flavor quay, but this target's flavor is harbor");
  }

  @Test
  void badKeys() throws Exception {
    assertProblem("{\"registries\": {\"Quay.io\": {}}}",
        "$.registries.Quay.io: this key is not a lowercase registry host[:port]");
    assertProblem("{\"registries\": {\"https://quay.io\": {}}}",
        "$.registries.https://quay.io: this key is not a lowercase registry host[:port]");
    assertProblem("{\"targets\": {\"my lab\": {\"url\": \"a.example\"}}}",
        "$.targets.my lab: this key is not a target name");
    assertProblem("{\"registries\": {\"docker.io\": {}, \"index.docker.io\": {}}}",
        "$.registries.index.docker.io: the same registry as 'docker.io'");
  }

  @Test
  void duplicateKeysAreErrorsWithTheirPath() throws Exception {
    assertProblem("{\"registries\": {\"quay.io\": {\"tls-verify\": true, \"tls-verify\": false}}}",
        "$.registries.quay.io.tls-verify: duplicate key (line 1, column");
    assertProblem("{\"targets\": {\"lab\": {\"url\": \"a.example\"}, \"lab\": {\"url\": \"b.example\"}}}",
        "$.targets.lab: duplicate key");
  }

  @Test
  void notJson() throws Exception {
    assertProblem("registries:\n  quay.io: {}\n", "$: not valid JSON (line 1, column");
    assertProblem("{\"registries\": {}", "$.registries: not valid JSON (line 1, column 18: Unexpected end-of-input");
    assertProblem("{} {}", "$: not valid JSON (line 1, column");
    assertProblem("{\"registries\": {}, // comment\n}", "$.registries: not valid JSON (line 1, column 20: Unexpected character");
    assertProblem("", "$: the file is empty; expected a JSON object");
  }

  @Test
  void pathsCannotUseTilde() throws Exception {
    assertProblem("{\"registries\": {\"quay.io\": {\"ca-file\": \"~/ca.pem\"}}}",
        "$.registries.quay.io.ca-file: '~' is not expanded");
  }

  @Test
  void everyProblemIsReportedOnItsOwnLine() throws Exception {
    Path file = write("{\"registries\": {\"quay.io\": {\"plain-http\": 1, \"x\": 2}},"
        + " \"targets\": {\"lab\": {\"flavor\": \"nope\"}}}");
    ConfigException e = assertThrows(ConfigException.class, () -> RegistriesConfig.load(file));
    assertEquals(4, e.problems().size(), e.getMessage());
    List<String> lines = e.getMessage().lines().toList();
    assertEquals(4, lines.size());
    for (String line : lines) {
      assertTrue(line.startsWith(file.toAbsolutePath() + ": $."), line);
    }
  }

  @Test
  void hugeFilesAreNotParsed() throws Exception {
    Path file = write("{\"x\": \"" + "a".repeat(ConfigDocument.MAX_BYTES) + "\"}");
    ConfigException e = assertThrows(ConfigException.class, () -> RegistriesConfig.load(file));
    assertTrue(e.getMessage().contains("larger than 1048576 bytes"), e.getMessage());
  }

  private void assertProblem(String json, String expected) throws Exception {
    Path file = write(json);
    ConfigException e = assertThrows(ConfigException.class, () -> RegistriesConfig.load(file), json);
    assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
    assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(expected)),
        "expected a problem starting with\n  " + expected + "\nbut got\n  " + String.join("\n  ", e.problems()));
  }

  private Path write(String json) throws Exception {
    Path file = Files.createTempFile(dir, "registries", ".json");
    return Files.writeString(file, json);
  }
}
