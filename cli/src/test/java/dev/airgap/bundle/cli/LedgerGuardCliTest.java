package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.ReaderLimits;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.BundleIndexJson;
import dev.airgap.bundle.importer.ledger.LeaseOwner;
import dev.airgap.bundle.importer.ledger.LeaseRecord;
import dev.airgap.bundle.importer.ledger.LeaseStore;
import dev.airgap.bundle.importer.ledger.Ledger;
import dev.airgap.bundle.importer.ledger.LedgerArtifact;
import dev.airgap.bundle.importer.ledger.LedgerStore;
import dev.airgap.bundle.importer.ledger.LedgerTag;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay protection that holds: against a deleted ledger tag, and against two importers running
 * at once (separate processes, as two operators would start them).
 */
class LedgerGuardCliTest {
  @RegisterExtension static RegistryExtension upstream = RegistryExtension.anonymous();
  @RegisterExtension RegistryExtension target = RegistryExtension.anonymous();

  @TempDir static Path shared;
  @TempDir Path temp;

  private static TestImage older;
  private static TestImage newer;
  private static Path bundle5;
  private static Path bundle7;

  /** Sequence 5 and 7 of one channel, both tagging {@code app:stable}, each with other content. */
  @BeforeAll
  static void seed() throws Exception {
    TestImages gen = TestImages.seeded(7575);
    older = gen.oci().build();
    newer = gen.oci().build();
    Files.writeString(shared.resolve("releases.yaml"), "releases:\n"
        + "  - version: 1.0.0\n    images:\n      app: " + upstream.host() + "/org/app:stable\n");
    assertEquals(0, CliRun.run("keygen", "--out", shared.resolve("k").toString()).exitCode());
    Skopeo.seed(shared, upstream.host() + "/org/app:stable", older);
    bundle5 = exportSequence(5);
    Skopeo.seed(shared, upstream.host() + "/org/app:stable", newer);
    bundle7 = exportSequence(7);
  }

  private static Path exportSequence(long sequence) throws Exception {
    Path out = shared.resolve("seq" + sequence + ".tar.zst");
    Path config = Files.writeString(shared.resolve("export.json"),
        "{\"registries\":{\"" + upstream.host() + "\":{\"plain-http\":true}}}");
    CliRun run = CliRun.run("export", "--catalog", shared.resolve("releases.yaml").toString(), "--config", config.toString(),
        "--output", out.toString(), "--sign-key", shared.resolve("k.key").toString(), "--cache", shared.resolve("cache").toString(),
        "--release", "1.0.0", "--sequence", Long.toString(sequence));
    assertEquals(0, run.exitCode(), run.err());
    return out;
  }

  /** registries.json with target "lab" under {@code prefix} of the test registry. */
  private Path config(String prefix) throws Exception {
    return Files.writeString(temp.resolve("registries-" + prefix + ".json"), "{\"targets\":{\"lab\":{\"url\":\""
        + target.host() + "/" + prefix + "\",\"plain-http\":true}}}");
  }

  private List<String> importArgs(Path bundle, String prefix, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("import", bundle.toString(), "--target", "lab", "--config",
        config(prefix).toString(), "--trust", shared.resolve("k.pub").toString(), "--output-dir",
        temp.resolve("out-" + prefix).toString()));
    args.addAll(List.of(extra));
    return args;
  }

  private CliRun importBundle(Path bundle, String prefix, String... extra) throws Exception {
    return CliRun.run(importArgs(bundle, prefix, extra).toArray(String[]::new));
  }

  private RegistryClient client() {
    return new UpgradeSite(upstream, target, shared, temp).targetClient();
  }

  private Ledger ledger(String prefix) {
    return new LedgerStore(client(), prefix + "/bundle-ledger").read().orElseThrow();
  }

  private static String bundleId(Path bundle) throws Exception {
    try (BundleArchive archive = BundleArchive.open(bundle, ReaderLimits.defaults())) {
      BundleIndex index = BundleIndexJson.parse(archive.readMember("bundle.json", 1 << 20));
      return index.bundleId();
    }
  }

  private void deleteTag(String repository, String tag) {
    Digest digest = client().headManifest(repository, tag).orElseThrow().digest();
    assertTrue(client().deleteManifest(repository, digest));
  }

  @Test
  void deletingTheLedgerTagDoesNotResetProtection() throws Exception {
    assertEquals(0, importBundle(bundle7, "m").exitCode());
    deleteTag("m/bundle-ledger", LedgerArtifact.TAG);

    CliRun refused = importBundle(bundle5, "m");
    assertEquals(3, refused.exitCode(), refused.err());
    assertTrue(refused.err().contains("--allow-downgrade"), refused.err());
    assertTrue(refused.err().contains("backup"), "the restore from the backup copy is said: " + refused.err());
    CliRun forced = importBundle(bundle5, "m", "--force-retag");
    assertEquals(3, forced.exitCode(), "a lost ledger tag must not let an older bundle roll the target back: " + forced.err());
    assertEquals(newer.digest(), client().headManifest("m/org/app", "stable").orElseThrow().digest().toString());

    // With the backup gone as well, the target still knows it was used and asks for the recovery step.
    deleteTag("m/bundle-ledger", LedgerArtifact.BACKUP_TAG);
    CliRun lost = importBundle(bundle5, "m");
    assertEquals(3, lost.exitCode(), lost.err());
    assertTrue(lost.err().contains("--reset-ledger"), lost.err());
    assertEquals(newer.digest(), client().headManifest("m/org/app", "stable").orElseThrow().digest().toString());

    // Starting over forgets which tags the tool set, so moving one needs --force-retag as well.
    CliRun reset = importBundle(bundle5, "m", "--reset-ledger", "--force-retag");
    assertEquals(0, reset.exitCode(), reset.err());
    assertEquals(5, ledger("m").channel("default").orElseThrow().sequence());
    assertEquals(older.digest(), client().headManifest("m/org/app", "stable").orElseThrow().digest().toString());
  }

  /** Sets the target's lease as another importer would have left it, without a heartbeat. */
  private void plantLease(LeaseOwner owner, Duration lifetime) {
    Instant now = Instant.now();
    new LeaseStore(client(), "m/bundle-ledger").write(new LeaseRecord(owner, now, now.plus(lifetime), false, ""));
  }

  @Test
  void aLiveLeaseMakesTheImportWaitThenRefuseNamingItsHolder() throws Exception {
    plantLease(new LeaseOwner("other-host", 4242, "other-run"), Duration.ofHours(1));

    CliRun refused = importBundle(bundle7, "m", "--lease-wait", "1");
    assertEquals(1, refused.exitCode(), refused.err());
    assertTrue(refused.err().contains("other-host") && refused.err().contains("4242") && refused.err().contains("expires"),
        refused.err());
    assertTrue(refused.err().contains("waiting up to 1 s"), refused.err());
    assertTrue(client().listTags("m/org/app").isEmpty(), "nothing was pushed");
  }

  @Test
  void aStaleLeaseIsTakenOverWithAWarning() throws Exception {
    plantLease(new LeaseOwner("crashed-host", 99, "crashed-run"), Duration.ofMillis(-1));

    CliRun run = importBundle(bundle7, "m", "--lease-wait", "0");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains("crashed-host") && run.err().contains("stale"), run.err());
    assertEquals(7, ledger("m").channel("default").orElseThrow().sequence());
    LeaseRecord after = new LeaseStore(client(), "m/bundle-ledger").current().orElseThrow();
    assertTrue(after.released(), "the import gives its lease back");
    assertTrue(after.ledgerManifest().isPresent(), "and records the ledger it wrote");
  }

  @Test
  void aLiveLeaseOfAProcessOfThisMachineThatIsGoneIsTakenOverAtOnce() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    LeaseOwner me = LeaseOwner.ofThisProcess();
    plantLease(new LeaseOwner(me.host(), ended.pid(), "killed-run", me.pidNamespace()), Duration.ofHours(1));

    CliRun run = importBundle(bundle7, "m", "--lease-wait", "0");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains("killed-run") && run.err().contains("no longer runs"), run.err());
  }

  @Test
  void twoImportProcessesAtOnceNeverLeaveOlderTagsUnderANewerLedger() throws Exception {
    String id7 = bundleId(bundle7);
    for (int round = 0; round < 5; round++) {
      String prefix = "round" + round;
      Process p7 = spawn(importArgs(bundle7, prefix, "--lease-wait", "120"), prefix + "-7");
      Process p5 = spawn(importArgs(bundle5, prefix, "--lease-wait", "120"), prefix + "-5");
      assertTrue(p7.waitFor(3, TimeUnit.MINUTES) && p5.waitFor(3, TimeUnit.MINUTES), "both imports end");
      String err7 = Files.readString(temp.resolve(prefix + "-7.err"), StandardCharsets.UTF_8);
      String err5 = Files.readString(temp.resolve(prefix + "-5.err"), StandardCharsets.UTF_8);
      assertEquals(0, p7.exitValue(), "round " + round + ", sequence 7: " + err7);
      // Sequence 5 either ran first, or waited and was then refused as a downgrade.
      assertTrue(p5.exitValue() == 0 || (p5.exitValue() == 3 && err5.contains("--allow-downgrade")),
          "round " + round + ", sequence 5 exited " + p5.exitValue() + ": " + err5);

      Ledger ledger = ledger(prefix);
      assertEquals(7, ledger.channel("default").orElseThrow().sequence(), "round " + round);
      assertFalse(ledger.tags().isEmpty());
      for (LedgerTag t : ledger.tags()) {
        assertEquals(id7, t.bundleId(), "round " + round + ": " + t.reference() + " is recorded from another bundle");
        assertEquals(t.digest(), client().headManifest(t.repository(), t.tag()).orElseThrow().digest(),
            "round " + round + ": " + t.reference() + " does not point where the ledger says");
      }
      assertEquals(newer.digest(), client().headManifest(prefix + "/org/app", "stable").orElseThrow().digest().toString(),
          "round " + round + ": the target holds the older bundle's tag under a ledger of sequence 7");
    }
  }

  /** {@code bundle …} in its own JVM, stdout and stderr into files named after {@code name}. */
  private Process spawn(List<String> args, String name) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.airgap.bundle.cli.Main"));
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectOutput(temp.resolve(name + ".out").toFile())
        .redirectError(temp.resolve(name + ".err").toFile())
        .start();
  }
}
