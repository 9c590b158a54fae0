package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The release lifecycle on a real target: replay protection, expiry, prune, drift and status. */
class LifecycleCliTest {
  @RegisterExtension static RegistryExtension upstream = RegistryExtension.anonymous();
  @RegisterExtension RegistryExtension target = RegistryExtension.anonymous();

  @TempDir static Path shared;
  @TempDir Path temp;

  private static TestImage app10;
  private static TestImage app11;
  private static TestImage other;

  @BeforeAll
  static void seed() throws Exception {
    TestImages gen = TestImages.seeded(5005);
    app10 = gen.oci().build();
    app11 = gen.oci().build();
    TestImage tools = gen.oci().build();
    other = gen.oci().build();
    push("app:1.0", app10);
    push("app:1.1", app11);
    push("tools:1", tools);
    Files.writeString(shared.resolve("releases.yaml"), "releases:\n"
        + "  - version: 1.0.0\n    images:\n      app: " + upstream.host() + "/org/app:1.0\n      tools: " + upstream.host() + "/org/tools:1\n"
        + "  - version: 1.1.0\n    images:\n      app: " + upstream.host() + "/org/app:1.1\n      tools: " + upstream.host() + "/org/tools:1\n");
    assertEquals(0, CliRun.run("keygen", "--out", shared.resolve("k").toString()).exitCode());
  }

  private static void push(String repoTag, TestImage image) {
    Skopeo.seed(shared, upstream.host() + "/org/" + repoTag, image);
  }

  private UpgradeSite site() {
    return new UpgradeSite(upstream, target, shared, temp);
  }

  private Path export(String name, String release, String... extra) throws Exception {
    Path out = temp.resolve(name);
    List<String> args = new ArrayList<>(List.of("--release", release));
    args.addAll(List.of(extra));
    CliRun run = site().export(out, args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
    return out;
  }

  private CliRun importBundle(Path bundle, String... extra) throws Exception {
    return site().importBundle(bundle, temp.resolve("out"), extra);
  }

  private JsonNode status() throws Exception {
    CliRun run = CliRun.run("status", "--target", "lab", "--config", site().config().toString(), "--json");
    assertEquals(0, run.exitCode(), run.err());
    return new ObjectMapper().readTree(run.out());
  }

  private RegistryClient targetClient() {
    return site().targetClient();
  }

  @Test
  void olderBundlesAreRefusedUnlessAllowed() throws Exception {
    Path older = export("old.tar.zst", "1.0.0", "--sequence", "100");
    Path newer = export("new.tar.zst", "1.1.0", "--sequence", "200");
    assertEquals(0, importBundle(newer).exitCode());
    CliRun refused = importBundle(older);
    assertEquals(3, refused.exitCode(), refused.err());
    assertTrue(refused.err().contains("--allow-downgrade"), refused.err());
    // A signed, intact bundle refused by rollback protection is not corrupt: no "fetch it again" hint.
    assertFalse(refused.err().contains("fetch it again"), refused.err());
    assertTrue(refused.err().contains("hint: Nothing was pushed"), refused.err());
    assertEquals(0, importBundle(older, "--allow-downgrade").exitCode());

    Path replayed = export("same-seq.tar.zst", "1.0.0", "--sequence", "200");
    CliRun alarm = importBundle(replayed);
    assertEquals(3, alarm.exitCode(), alarm.err());
    // Re-importing the very same bundle is fine.
    assertEquals(0, importBundle(newer).exitCode());
  }

  @Test
  void expiredBundlesAreRefusedUnlessAllowed() throws Exception {
    Path expired = export("expired.tar.zst", "1.0.0", "--expires", "2020-01-01T00:00:00Z");
    CliRun refused = importBundle(expired);
    assertEquals(3, refused.exitCode(), refused.err());
    assertEquals(List.of(), targetClient().listTags("m/org/app"));
    assertEquals(0, importBundle(expired, "--allow-expired").exitCode());
  }

  @Test
  void pruneRemovesOnlyToolCreatedTagsAndTheLedgerSurvivesARestart() throws Exception {
    assertEquals(0, importBundle(export("a.tar.zst", "1.0.0")).exitCode());
    // A tag somebody made by hand in the same repository, on another manifest.
    Skopeo.seed(temp, target.host() + "/m/org/app:handmade", other);

    target.kill();
    target.start();
    assertTrue(status().get("clean").asBoolean(), "a fresh client sees the ledger after a registry restart");

    CliRun pruned = importBundle(export("b.tar.zst", "1.1.0"), "--prune");
    assertEquals(0, pruned.exitCode(), pruned.err());
    List<String> tags = targetClient().listTags("m/org/app").stream().sorted().toList();
    assertEquals(List.of("1.1", "handmade"), tags);
    assertEquals(List.of("1"), targetClient().listTags("m/org/tools"));
    assertTrue(status().get("clean").asBoolean());
  }

  @Test
  void driftIsReportedAndOnlyForcedBack() throws Exception {
    Path bundle = export("a.tar.zst", "1.0.0");
    assertEquals(0, importBundle(bundle).exitCode());
    // Someone moves the tag behind the tool's back.
    Skopeo.seed(temp, target.host() + "/m/org/app:1.0", other);

    JsonNode status = status();
    assertFalse(status.get("clean").asBoolean());
    assertTrue(status.toString().contains("\"moved\""), status.toString());

    CliRun refused = importBundle(bundle);
    assertEquals(1, refused.exitCode(), refused.err());
    assertTrue(refused.err().contains("m/org/app:1.0") && refused.err().contains("--force-retag"), refused.err());
    assertEquals(other.digest(), targetClient().headManifest("m/org/app", "1.0").orElseThrow().digest().toString());

    assertEquals(0, importBundle(bundle, "--force-retag").exitCode());
    assertEquals(app10.digest(), targetClient().headManifest("m/org/app", "1.0").orElseThrow().digest().toString());
    assertTrue(status().get("clean").asBoolean());
  }
}
