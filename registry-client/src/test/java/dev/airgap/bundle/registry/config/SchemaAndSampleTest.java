package dev.airgap.bundle.registry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shipped schema is itself valid, and the sample file in samples/ passes it. */
class SchemaAndSampleTest {
  private static final Path SAMPLE =
      Path.of("").toAbsolutePath().getParent().resolve("samples").resolve("registries.example.json");

  @Test
  void schemaIsAValidDraft202012Schema() throws Exception {
    JsonNode schema;
    try (InputStream in = SchemaAndSampleTest.class.getResourceAsStream(ConfigDocument.SCHEMA_RESOURCE)) {
      schema = new ObjectMapper().readTree(in);
    }
    assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
    // networknt ships the draft 2020-12 meta-schema, so this needs no network.
    JsonSchema meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    Set<ValidationMessage> problems = meta.validate(schema);
    assertTrue(problems.isEmpty(), problems.toString());
    // The meta-schema check has teeth.
    assertFalse(meta.validate(new ObjectMapper().readTree("{\"type\": \"nonsense\"}")).isEmpty());
  }

  @Test
  void sampleConfigLoads() throws Exception {
    RegistriesConfig config = RegistriesConfig.load(SAMPLE);
    assertEquals(Set.of("quay-lab", "harbor-prod", "internal", "local"), config.targets().keySet());
    assertTrue(config.settingsFor("127.0.0.1:5001").plainHttp());
    Path samples = SAMPLE.getParent();
    assertEquals(samples.resolve("certs/internal-ca.pem"), config.settingsFor("registry.internal.example:8443").caFile());
    assertEquals(Flavor.QUAY, config.target("quay-lab").flavor());
    assertEquals("mirror/releases/node-agent", config.target("local").repositoryFor("coreos/agent", "node-agent"));
    assertEquals("cluster_pull", config.target("quay-lab").pull().robot());
    assertEquals(samples.resolve("auth/harbor-pull.json"), config.target("harbor-prod").pull().tokenFile());
    // A target on a host listed under registries takes that entry's settings.
    assertEquals(samples.resolve("certs/internal-ca.pem"), config.target("internal").caFile());
    assertEquals(Path.of("/etc/bundle/auth/internal-push.json"), config.target("internal").tokens().get(TokenRole.PUSH));
  }
}
