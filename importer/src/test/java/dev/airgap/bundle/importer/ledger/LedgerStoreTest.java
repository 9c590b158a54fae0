package dev.airgap.bundle.importer.ledger;

import static dev.airgap.bundle.importer.ledger.Bundles.T0;
import static dev.airgap.bundle.importer.ledger.Bundles.digest;
import static dev.airgap.bundle.importer.ledger.Bundles.index;
import static dev.airgap.bundle.importer.ledger.Bundles.tag;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.MediaTypes;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.importer.ledger.ReplayException.Reason;
import dev.airgap.bundle.registry.BodySource;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistryListener;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Blob;
import dev.airgap.bundle.testing.images.TestImages;
import dev.airgap.bundle.testing.images.TestManifest;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger kept in a real registry: round trip, restarts, other machines, races, foreign tags. */
class LedgerStoreTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  /** A fresh client is a fresh importing machine: it shares nothing with the others but the registry. */
  private static RegistryClient machine() {
    return machine(RegistryListener.NONE);
  }

  private static RegistryClient machine(RegistryListener listener) {
    return RegistryClient.builder(RegistrySettings.secure(registry.host()).withPlainHttp(true))
        .listener(listener).build();
  }

  private static Ledger afterImport(Ledger before, BundleIndex index) {
    return before.recordImport(index, digest(index.bundleId()),
        List.of(tag("org/etcd", "v" + index.sequence(), "m" + index.sequence(), index.bundleId())), List.of(), T0);
  }

  @Test
  void aTargetWithoutALedgerReadsAsEmpty() {
    LedgerStore store = new LedgerStore(machine(), "missing/bundle-ledger");
    assertTrue(store.read().isEmpty(), "unknown repository");
    // A repository that exists but has no ledger tag answers differently (MANIFEST_UNKNOWN).
    RegistryClient client = machine();
    push(client, "other/bundle-ledger", "latest", TestImages.seeded(1).oci().build());
    assertTrue(new LedgerStore(client, "other/bundle-ledger").read().isEmpty(), "no ledger tag");
  }

  @Test
  void writeThenReadGivesTheSameLedgerAsTheDocumentedArtifact() throws Exception {
    RegistryClient client = machine();
    LedgerStore store = new LedgerStore(client, "roundtrip/bundle-ledger");
    Ledger ledger = afterImport(Ledger.empty(), index("b1", "stable", 1));
    store.write(null, ledger);
    assertEquals(ledger, store.read().orElseThrow());

    Manifest manifest = client.pullManifest("roundtrip/bundle-ledger", "ledger");
    assertEquals(MediaTypes.OCI_MANIFEST, manifest.mediaType());
    assertEquals("application/vnd.airgap.bundle.ledger.v1+json", manifest.summary().artifactType());
    assertEquals("application/vnd.oci.empty.v1+json", manifest.summary().config().mediaType());
    Descriptor layer = manifest.summary().layers().get(0);
    assertEquals("application/vnd.airgap.bundle.ledger.v1+json", layer.mediaType());
    try (InputStream in = client.openBlob("roundtrip/bundle-ledger", layer.digest(), layer.size())) {
      assertArrayEquals(LedgerJson.write(ledger), in.readAllBytes());
    }
    try (InputStream in = client.openBlob("roundtrip/bundle-ledger", LedgerArtifact.EMPTY_DIGEST, 2)) {
      assertEquals("{}", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void theLedgerSurvivesARegistryRestart() throws Exception {
    LedgerStore store = new LedgerStore(machine(), "restart/bundle-ledger");
    Ledger ledger = afterImport(Ledger.empty(), index("b1", "stable", 1));
    store.write(null, ledger);
    registry.kill();
    registry.start();
    assertEquals(ledger, store.read().orElseThrow());
    assertEquals(ledger, new LedgerStore(machine(), "restart/bundle-ledger").read().orElseThrow());
  }

  @Test
  void aSecondMachineSeesAndContinuesTheSameHistory() {
    String repository = "machines/bundle-ledger";
    LedgerStore first = new LedgerStore(machine(), repository);
    Ledger one = afterImport(Ledger.empty(), index("b1", "stable", 1));
    first.write(null, one);

    // The second machine has no local state: everything it knows comes from the registry.
    LedgerStore second = new LedgerStore(machine(), repository);
    Ledger seen = second.read().orElseThrow();
    assertEquals(one, seen);
    ReplayCheck.check(seen, index("b2", "stable", 2), digest("b2"), T0, false, false);
    Ledger two = afterImport(seen, index("b2", "stable", 2));
    second.write(seen, two);

    Ledger back = first.read().orElseThrow();
    assertEquals(two, back);
    assertEquals(List.of("b1", "b2"), back.bundles().stream().map(LedgerBundle::bundleId).toList());
    // So the first machine now refuses to replay the older bundle it once imported itself.
    ReplayException e = assertThrows(ReplayException.class,
        () -> ReplayCheck.check(back, index("b1", "stable", 1), digest("b1"), T0, false, false));
    assertEquals(Reason.DOWNGRADE, e.reason());
  }

  @Test
  void aWriteBasedOnAStaleReadIsRefusedAndOverwritesNothing() {
    String repository = "race/bundle-ledger";
    LedgerStore a = new LedgerStore(machine(), repository);
    LedgerStore b = new LedgerStore(machine(), repository);
    Ledger start = afterImport(Ledger.empty(), index("b1", "stable", 1));
    a.write(null, start);

    Ledger readByA = a.read().orElseThrow();
    Ledger readByB = b.read().orElseThrow();
    Ledger byA = afterImport(readByA, index("b2", "stable", 2));
    Ledger byB = afterImport(readByB, index("e1", "edge", 1));
    a.write(readByA, byA);
    ConcurrentLedgerException e = assertThrows(ConcurrentLedgerException.class, () -> b.write(readByB, byB));
    assertEquals("the ledger " + registry.host() + "/race/bundle-ledger:ledger changed since it was read (1 import,"
        + " the last bundle b1 then, 2 imports, the last bundle b2 now): another import finished meanwhile, so"
        + " nothing was written; run the import again, which skips what is already pushed and checks the bundle"
        + " against the new ledger", e.getMessage());
    assertEquals(byA, a.read().orElseThrow(), "the first writer's ledger is intact");

    // Run again, B starts from what is there now and both imports are recorded.
    Ledger again = b.read().orElseThrow();
    b.write(again, afterImport(again, index("e1", "edge", 1)));
    assertEquals(List.of("b1", "b2", "e1"), a.read().orElseThrow().bundles().stream()
        .map(LedgerBundle::bundleId).toList());
  }

  @Test
  void aLedgerCreatedMeanwhileIsAConflictToo() {
    String repository = "race-create/bundle-ledger";
    LedgerStore a = new LedgerStore(machine(), repository);
    LedgerStore b = new LedgerStore(machine(), repository);
    assertTrue(b.read().isEmpty());
    a.write(Ledger.empty(), afterImport(Ledger.empty(), index("a1", "stable", 1)));
    assertThrows(ConcurrentLedgerException.class,
        () -> b.write(null, afterImport(Ledger.empty(), index("b1", "stable", 1))));
    assertEquals("a1", a.read().orElseThrow().bundles().get(0).bundleId());
  }

  @Test
  void aWriteOverwrittenRightAfterItIsReportedAsLost() {
    String repository = "race-lost/bundle-ledger";
    Ledger other = afterImport(Ledger.empty(), index("o1", "stable", 1));
    LedgerStore rival = new LedgerStore(machine(), repository);
    // The rival passed its own check before our tag moved, and moves the tag just after ours: the
    // window no registry API can close. Our after-check must notice.
    RegistryListener rivalWritesAfterOurs = new RegistryListener() {
      private boolean done;

      @Override
      public void answered(String method, URI uri, int status) {
        if (!done && method.equals("PUT") && uri.getPath().endsWith("/manifests/ledger")) {
          done = true;
          rival.write(other);
        }
      }
    };
    LedgerStore ours = new LedgerStore(machine(rivalWritesAfterOurs), repository);
    ConcurrentLedgerException e = assertThrows(ConcurrentLedgerException.class,
        () -> ours.write(null, afterImport(Ledger.empty(), index("b1", "stable", 1))));
    assertTrue(e.getMessage().startsWith("the ledger " + registry.host() + "/" + repository + ":ledger was"
        + " overwritten by another importer right after this one wrote it"), e.getMessage());
    assertTrue(e.getMessage().endsWith("so the record of bundle b1 is lost; run the import again to record it"), e.getMessage());
    assertEquals(other, rival.read().orElseThrow());
  }

  @Test
  void blobsArePushedBeforeTheTagMovesAndTheTagIsCheckedAfter() {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    RegistryListener recorder = new RegistryListener() {
      @Override
      public void answered(String method, URI uri, int status) {
        calls.add(method + " " + uri.getPath());
      }
    };
    String repository = "order/bundle-ledger";
    new LedgerStore(machine(recorder), repository).write(null, afterImport(Ledger.empty(), index("b1", "stable", 1)));

    String tagPut = "PUT /v2/" + repository + "/manifests/ledger";
    int moved = calls.indexOf(tagPut);
    assertTrue(moved > 0, calls.toString());
    assertEquals(1, calls.stream().filter(tagPut::equals).count(), calls.toString());
    List<String> uploads = calls.stream().filter(c -> c.startsWith("PUT /v2/" + repository + "/blobs/uploads/")).toList();
    assertEquals(2, uploads.size(), "the empty config and the ledger: " + calls);
    for (String upload : uploads) {
      assertTrue(calls.indexOf(upload) < moved, "blob before tag: " + calls);
    }
    assertEquals("HEAD /v2/" + repository + "/manifests/ledger", calls.get(calls.size() - 1), calls.toString());
  }

  @Test
  void writingTheSameLedgerAgainUploadsNothingNew() {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    RegistryListener recorder = new RegistryListener() {
      @Override
      public void answered(String method, URI uri, int status) {
        calls.add(method + " " + uri.getPath());
      }
    };
    LedgerStore store = new LedgerStore(machine(recorder), "again/bundle-ledger");
    Ledger ledger = afterImport(Ledger.empty(), index("b1", "stable", 1));
    store.write(null, ledger);
    calls.clear();
    store.write(ledger, ledger);
    assertTrue(calls.stream().noneMatch(c -> c.contains("/blobs/uploads/")), calls.toString());
    assertEquals(ledger, store.read().orElseThrow());
  }

  @Test
  void someoneElsesArtifactUnderTheTagIsNeitherReadNorOverwritten() {
    RegistryClient client = machine();
    String repository = "foreign/bundle-ledger";
    TestManifest sbom = TestImages.seeded(2).artifact("application/vnd.example.sbom+json")
        .layer("application/spdx+json", "{\"spdxVersion\":\"SPDX-2.3\"}".getBytes(StandardCharsets.UTF_8)).build();
    push(client, repository, "ledger", sbom);
    LedgerStore store = new LedgerStore(client, repository);

    LedgerException e = assertThrows(LedgerException.class, store::read);
    assertTrue(e.getMessage().startsWith("the ledger " + registry.host() + "/" + repository + ":ledger holds an"
        + " artifact of type application/vnd.example.sbom+json, not a bundle ledger"), e.getMessage());
    Ledger next = afterImport(Ledger.empty(), index("b1", "stable", 1));
    assertThrows(LedgerException.class, () -> store.write(null, next));
    assertThrows(LedgerException.class, () -> store.write(next));
    assertEquals(Digest.parse(sbom.digest()), client.headManifest(repository, "ledger").orElseThrow().digest(),
        "the tag still names the foreign artifact");
  }

  @Test
  void anImageUnderTheTagIsRefused() {
    RegistryClient client = machine();
    push(client, "image/bundle-ledger", "ledger", TestImages.seeded(3).oci().build());
    LedgerException e = assertThrows(LedgerException.class, () -> new LedgerStore(client, "image/bundle-ledger").read());
    assertTrue(e.getMessage().contains("holds an image whose config is application/vnd.oci.image.config.v1+json"),
        e.getMessage());
  }

  @Test
  void aLedgerArtifactWithBrokenJsonIsRefused() {
    RegistryClient client = machine();
    TestManifest broken = TestImages.seeded(4).artifact(LedgerArtifact.ARTIFACT_TYPE)
        .layer(LedgerArtifact.LAYER_MEDIA_TYPE, "{\"version\": 1, \"version\": 1}".getBytes(StandardCharsets.UTF_8))
        .build();
    push(client, "broken/bundle-ledger", "ledger", broken);
    LedgerException e = assertThrows(LedgerException.class, () -> new LedgerStore(client, "broken/bundle-ledger").read());
    assertTrue(e.getMessage().contains("is malformed: Duplicate field 'version'"), e.getMessage());
  }

  @Test
  void theUnconditionalWriteReplacesALedgerEvenABrokenOne() {
    LedgerStore store = new LedgerStore(machine(), "repair/bundle-ledger");
    store.write(null, afterImport(Ledger.empty(), index("b1", "stable", 1)));
    Ledger repaired = afterImport(Ledger.empty(), index("b9", "stable", 9));
    store.write(repaired);
    assertEquals(repaired, store.read().orElseThrow());

    RegistryClient client = machine();
    TestManifest broken = TestImages.seeded(5).artifact(LedgerArtifact.ARTIFACT_TYPE)
        .layer(LedgerArtifact.LAYER_MEDIA_TYPE, "not json".getBytes(StandardCharsets.UTF_8)).build();
    push(client, "repair/bundle-ledger", "ledger", broken);
    assertThrows(LedgerException.class, store::read);
    assertThrows(LedgerException.class, () -> store.write(repaired, repaired), "a checked write needs a readable ledger");
    store.write(repaired);
    assertEquals(repaired, store.read().orElseThrow());
  }

  private static void push(RegistryClient client, String repository, String tag, TestManifest root) {
    for (Blob blob : root.allBlobs()) {
      client.pushBlob(repository, Digest.parse(blob.digest()), BodySource.ofBytes(blob.bytes()));
    }
    client.pushManifest(repository, tag, Manifest.of(root.bytes(), root.mediaType()));
  }
}
