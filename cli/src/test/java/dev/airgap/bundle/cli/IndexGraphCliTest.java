package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.BundleWriter;
import dev.airgap.bundle.format.archive.MemberLocation;
import dev.airgap.bundle.format.archive.ReaderLimits;
import dev.airgap.bundle.format.archive.WriterOptions;
import dev.airgap.bundle.format.index.BlobEntry;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.BundleIndexJson;
import dev.airgap.bundle.format.index.ImageEntry;
import dev.airgap.bundle.format.index.MemberEntry;
import dev.airgap.bundle.format.signing.KeyFiles;
import dev.airgap.bundle.format.signing.Signatures;
import dev.airgap.bundle.registry.BodySource;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.testing.RegistryExtension;
import dev.airgap.bundle.testing.images.Blob;
import dev.airgap.bundle.testing.images.MediaTypes;
import dev.airgap.bundle.testing.images.Skopeo;
import dev.airgap.bundle.testing.images.TestImage;
import dev.airgap.bundle.testing.images.TestImages;
import dev.airgap.bundle.testing.images.TestIndex;
import dev.airgap.bundle.testing.images.TestManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Index graphs end to end (export → import → skopeo): platform subsets of buildx-style indexes
 * with attestations, indexes of indexes, and descriptors whose media type lies about the child.
 */
class IndexGraphCliTest {
  @RegisterExtension static RegistryExtension upstream = RegistryExtension.anonymous();
  @RegisterExtension RegistryExtension target = RegistryExtension.anonymous();

  @TempDir static Path shared;
  @TempDir Path temp;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ATTESTATION = "attestation-manifest";

  private static TestImage amd64;
  private static TestImage arm64;
  private static TestImage s390x;
  private static List<TestImage> attestations;
  private static TestIndex buildx;
  private static TestIndex pair;
  private static TestIndex nested;
  private static Path exportConfig;

  @BeforeAll
  static void seed() throws Exception {
    TestImages gen = TestImages.seeded(1010);
    amd64 = gen.oci().platform("linux", "amd64").layers(1).build();
    arm64 = gen.oci().platform("linux", "arm64", "v8").layers(1).build();
    s390x = gen.oci().platform("linux", "s390x").layers(1).build();
    attestations = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      attestations.add(gen.oci().platform("unknown", "unknown").layers(1).build());
    }
    // Like `docker buildx build --platform ...,...`: platform images, then one attestation each.
    buildx = buildxIndex(List.of(amd64, arm64, s390x), attestations);
    pair = buildxIndex(List.of(amd64, arm64), attestations.subList(0, 2));
    TestIndex amdAndArm = TestImages.index(amd64, arm64).build();
    TestIndex onlyS390x = TestImages.index(s390x).build();
    nested = TestImages.index(TestImages.index(amdAndArm, onlyS390x).build()).build();
    Skopeo.seed(shared, upstream.host() + "/apps/buildx:1", buildx);
    Skopeo.seed(shared, upstream.host() + "/apps/pair:1", pair);
    // skopeo cannot copy an index of indexes; push it the way a registry client would, leaves first.
    pushByHand("apps/nested", "1", nested);
    exportConfig = shared.resolve("export.json");
    Files.writeString(exportConfig, "{\"registries\":{\"" + upstream.host() + "\":{\"plain-http\":true}}}");
    assertEquals(0, CliRun.run("keygen", "--out", shared.resolve("k").toString()).exitCode());
  }

  private static void pushByHand(String repository, String tag, TestManifest root) {
    RegistryClient client = RegistryClient.builder(RegistrySettings.secure(upstream.host()).withPlainHttp(true)).build();
    for (Blob blob : root.allBlobs()) {
      client.pushBlob(repository, Digest.parse(blob.digest()), BodySource.ofBytes(blob.bytes()));
    }
    pushManifests(client, repository, root);
    client.pushManifest(repository, tag, Manifest.of(root.bytes(), root.mediaType()));
  }

  private static void pushManifests(RegistryClient client, String repository, TestManifest m) {
    for (TestManifest child : m.children()) {
      pushManifests(client, repository, child);
    }
    client.pushManifest(repository, m.digest(), Manifest.of(m.bytes(), m.mediaType()));
  }

  /** An OCI index listing each image with its platform, then an attestation for each, buildx style. */
  private static TestIndex buildxIndex(List<TestImage> images, List<TestImage> attests) throws Exception {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    for (TestImage image : images) {
      ObjectNode d = descriptor(image);
      manifests.add(d);
      ObjectNode platform = d.putObject("platform");
      platform.put("architecture", image.platform().architecture());
      platform.put("os", image.platform().os());
      if (image.platform().variant() != null) {
        platform.put("variant", image.platform().variant());
      }
    }
    for (int i = 0; i < images.size(); i++) {
      ObjectNode d = descriptor(attests.get(i));
      d.putObject("annotations")
          .put("vnd.docker.reference.digest", images.get(i).digest())
          .put("vnd.docker.reference.type", ATTESTATION);
      d.putObject("platform").put("architecture", "unknown").put("os", "unknown");
      manifests.add(d);
    }
    List<TestManifest> children = new ArrayList<>(images);
    children.addAll(attests.subList(0, images.size()));
    return new TestIndex(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(index), MediaTypes.OCI_INDEX, null, children);
  }

  private static ObjectNode descriptor(TestManifest m) {
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", m.mediaType());
    d.put("digest", m.digest());
    d.put("size", m.bytes().length);
    return d;
  }

  private Path catalog(String... images) throws Exception {
    Path file = temp.resolve("releases.yaml");
    StringBuilder yaml = new StringBuilder("releases:\n  - version: 1.0.0\n    images:\n");
    for (String image : images) {
      String repository = image.substring(0, image.indexOf(':'));
      yaml.append("      ").append(repository.substring(repository.lastIndexOf('/') + 1)).append(": ")
          .append(upstream.host()).append('/').append(image).append('\n');
    }
    Files.writeString(file, yaml.toString());
    return file;
  }

  private CliRun export(Path catalog, Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("export", "--release", "1.0.0", "--catalog", catalog.toString(),
        "--config", exportConfig.toString(), "--output", out.toString(), "--sign-key", shared.resolve("k.key").toString(),
        "--cache", temp.resolve("cache").toString()));
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  private CliRun importBundle(Path bundle, String... extra) throws Exception {
    Path config = temp.resolve("registries.json");
    Files.writeString(config, "{\"targets\":{\"lab\":{\"url\":\"" + target.host() + "/mirror\",\"plain-http\":true}}}");
    List<String> args = new ArrayList<>(List.of("import", bundle.toString(), "--target", "lab", "--config", config.toString(),
        "--trust", shared.resolve("k.pub").toString(), "--output-dir", temp.resolve("out").toString()));
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  private byte[] inspectRaw(String repoAndRef) {
    return Skopeo.inspectRaw("docker://" + target.host() + "/mirror/" + repoAndRef, false);
  }

  private static List<String> childDigests(byte[] index) throws Exception {
    List<String> out = new ArrayList<>();
    JSON.readTree(index).get("manifests").forEach(d -> out.add(d.get("digest").asText()));
    return out;
  }

  private static BundleIndex signedIndex(Path bundle) throws Exception {
    try (BundleArchive archive = BundleArchive.open(bundle, ReaderLimits.defaults())) {
      return BundleIndexJson.parse(archive.readMember(BundleIndex.INDEX_MEMBER, BundleIndexJson.MAX_BYTES));
    }
  }

  @Test
  void aPlatformSubsetIsCarriedAsAFilteredIndexWithItsAttestations() throws Exception {
    Path bundle = temp.resolve("subset.tar.zst");
    CliRun export = export(catalog("apps/buildx:1"), bundle, "--platform", "linux/amd64", "--platform", "linux/arm64");
    assertEquals(0, export.exitCode(), export.err());

    ImageEntry entry = signedIndex(bundle).images().get(0);
    assertEquals(1, signedIndex(bundle).images().size(), "one image, under one tag");
    assertEquals(buildx.digest(), entry.upstreamDigest().toString(), "the signed index records the upstream digest");
    assertFalse(entry.digest().toString().equals(buildx.digest()));

    CliRun inspect = CliRun.run("inspect", bundle.toString(), "--trust", shared.resolve("k.pub").toString());
    assertEquals(0, inspect.exitCode(), inspect.err());
    assertTrue(inspect.out().contains("filtered from " + buildx.digest()), inspect.out());

    CliRun imported = importBundle(bundle);
    assertEquals(0, imported.exitCode(), imported.err());
    byte[] raw = inspectRaw("apps/buildx:1");
    assertEquals(entry.digest(), Digest.sha256(raw), "the tag points at the digest the signed index records");
    assertEquals(List.of(amd64.digest(), arm64.digest(), attestations.get(0).digest(), attestations.get(1).digest()),
        childDigests(raw), "exactly the selected platforms and their attestations, in upstream order");
    assertArrayEquals(amd64.bytes(), inspectRaw("apps/buildx@" + amd64.digest()));
    assertArrayEquals(attestations.get(1).bytes(), inspectRaw("apps/buildx@" + attestations.get(1).digest()));
    // Everything but the removed descriptors is kept as it was.
    JsonNode upstreamJson = JSON.readTree(buildx.bytes());
    JsonNode filteredJson = JSON.readTree(raw);
    assertEquals(upstreamJson.get("mediaType"), filteredJson.get("mediaType"));
    assertEquals(upstreamJson.get("manifests").get(0), filteredJson.get("manifests").get(0));
    assertEquals(upstreamJson.get("manifests").get(4), filteredJson.get("manifests").get(3));
    assertTrue(Files.readString(temp.resolve("out/images.json")).contains(entry.digest().toString()));
    assertTrue(imported.out().contains(entry.digest() + " (a filtered index of upstream " + buildx.digest() + ")"),
        imported.out());
  }

  @Test
  void aSelectionThatKeepsEveryChildCarriesTheUpstreamIndexByteExact() throws Exception {
    Path bundle = temp.resolve("pair.tar.zst");
    CliRun export = export(catalog("apps/pair:1"), bundle, "--platform", "linux/amd64", "--platform", "linux/arm64");
    assertEquals(0, export.exitCode(), export.err());
    ImageEntry entry = signedIndex(bundle).images().get(0);
    assertEquals(pair.digest(), entry.digest().toString());
    assertNull(entry.upstreamDigest());

    CliRun imported = importBundle(bundle);
    assertEquals(0, imported.exitCode(), imported.err());
    assertArrayEquals(pair.bytes(), inspectRaw("apps/pair:1"));
  }

  @Test
  void aFilteredIndexWhoseBaseTheTargetLacksIsRepairedFromUpstream() throws Exception {
    // The filtered index exists only in bundles: a repair must fetch from upstream what upstream has.
    Path base = temp.resolve("base.tar.zst");
    Path catalog = catalog("apps/buildx:1");
    assertEquals(0, export(catalog, base, "--platform", "linux/amd64").exitCode());
    Path delta = temp.resolve("delta.tar.zst");
    CliRun exported = export(catalog, delta, "--platform", "linux/amd64", "--since", base.toString());
    assertEquals(0, exported.exitCode(), exported.err());
    CliRun refused = importBundle(delta);
    assertEquals(1, refused.exitCode(), refused.err());

    Path repair = temp.resolve("repair.tar.zst");
    CliRun repaired = CliRun.run("export", "--repair", temp.resolve("out/missing.json").toString(),
        "--config", exportConfig.toString(), "--output", repair.toString(),
        "--sign-key", shared.resolve("k.key").toString(), "--cache", temp.resolve("cache").toString());
    assertEquals(0, repaired.exitCode(), repaired.err());
    CliRun repairImport = importBundle(repair);
    assertEquals(0, repairImport.exitCode(), repairImport.err());
    CliRun again = importBundle(delta);
    assertEquals(0, again.exitCode(), again.err());
    assertEquals(signedIndex(delta).images().get(0).digest(), Digest.sha256(inspectRaw("apps/buildx:1")));
  }

  @Test
  void anIndexOfIndexesIsExportedAndPushedChildrenFirstAtEveryDepth() throws Exception {
    Path bundle = temp.resolve("nested.tar.zst");
    CliRun export = export(catalog("apps/nested:1"), bundle);
    assertEquals(0, export.exitCode(), export.err());
    CliRun imported = importBundle(bundle);
    assertEquals(0, imported.exitCode(), imported.err());
    assertArrayEquals(nested.bytes(), inspectRaw("apps/nested:1"));
    for (TestManifest m : nested.allManifests()) {
      assertArrayEquals(m.bytes(), inspectRaw("apps/nested@" + m.digest()), m.toString());
    }
  }

  @Test
  void anUpstreamDescriptorThatMisnamesItsChildsMediaTypeIsRefusedOnExport() throws Exception {
    // The index says Docker schema 2, the child is OCI: pushed by hand, as no builder would.
    TestImage child = TestImages.seeded(1212).oci().platform("linux", "amd64").layers(1).build();
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ObjectNode d = descriptor(child);
    d.put("mediaType", MediaTypes.DOCKER_MANIFEST);
    d.putObject("platform").put("architecture", "amd64").put("os", "linux");
    index.putArray("manifests").add(d);
    pushByHand("apps/liar", "1", new TestIndex(JSON.writeValueAsBytes(index), MediaTypes.OCI_INDEX, null, List.of(child)));

    Path bundle = temp.resolve("liar.tar.zst");
    CliRun export = export(catalog("apps/liar:1"), bundle);
    assertEquals(3, export.exitCode(), export.err());
    assertTrue(export.err().contains("apps/liar:1"), export.err());
    assertTrue(export.err().contains(MediaTypes.DOCKER_MANIFEST) && export.err().contains(MediaTypes.OCI_MANIFEST), export.err());
    assertTrue(export.err().contains(child.digest()), export.err());
    assertFalse(Files.exists(bundle));
  }

  @Test
  void aSignedBundleWhoseDescriptorMisnamesItsChildsMediaTypeIsRefusedByVerifyAndImport() throws Exception {
    Path good = temp.resolve("pair.tar.zst");
    assertEquals(0, export(catalog("apps/pair:1"), good).exitCode());
    // Same content, but the index's first descriptor now says Docker schema 2; signed with the trusted key.
    ObjectNode index = (ObjectNode) JSON.readTree(pair.bytes());
    ((ObjectNode) index.get("manifests").get(0)).put("mediaType", MediaTypes.DOCKER_MANIFEST);
    byte[] lying = JSON.writeValueAsBytes(index);
    Path crafted = temp.resolve("crafted.tar.zst");
    replaceManifest(good, crafted, Digest.parse(pair.digest()), lying);

    CliRun verify = CliRun.run("verify", crafted.toString(), "--trust", shared.resolve("k.pub").toString());
    assertEquals(3, verify.exitCode(), verify.err());
    assertTrue(verify.err().contains(MediaTypes.DOCKER_MANIFEST) && verify.err().contains(MediaTypes.OCI_MANIFEST)
        && verify.err().contains(amd64.digest()), verify.err());

    CliRun imported = importBundle(crafted);
    assertEquals(3, imported.exitCode(), imported.err());
    assertTrue(imported.err().contains(MediaTypes.DOCKER_MANIFEST) && imported.err().contains(amd64.digest()), imported.err());
    RegistryClient client = RegistryClient.builder(RegistrySettings.secure(target.host()).withPlainHttp(true)).build();
    assertEquals(List.of(), client.listTags("mirror/apps/pair"));
    assertFalse(client.blobExists("mirror/apps/pair", Digest.parse(amd64.config().digest())), "nothing pushed");
  }

  /** Copies a bundle with one manifest's bytes replaced, bundle.json updated to match and signed again. */
  private void replaceManifest(Path from, Path to, Digest old, byte[] bytes) throws Exception {
    Digest now = Digest.sha256(bytes);
    BundleIndex index = signedIndex(from);
    List<ImageEntry> images = index.images().stream().map(i -> new ImageEntry(i.name(), i.source(), i.repository(), i.tag(),
        swap(i.digest(), old, now), i.mediaType(), i.platforms(), i.manifests().stream().map(d -> swap(d, old, now)).toList(),
        i.releases(), i.upstreamDigest())).toList();
    List<BlobEntry> blobs = index.blobs().stream().map(b -> b.digest().equals(old)
        ? new BlobEntry(now, bytes.length, b.mediaType(), b.kind(), b.location()) : b).toList();
    List<MemberEntry> members = index.members().stream().map(m -> m.digest().equals(old)
        ? new MemberEntry(BundleIndex.blobMember(now), now, bytes.length) : m).toList();
    BundleIndex changed = new BundleIndex(index.formatVersion(), index.bundleId(), index.channel(), index.sequence(),
        index.created(), index.expires(), index.toolVersion(), index.base(), index.selection(), index.releases(), images,
        blobs, members);
    byte[] raw = BundleIndexJson.write(changed);
    byte[] signature = Signatures.sign(KeyFiles.readPrivateKey(shared.resolve("k.key")), raw);
    try (BundleArchive archive = BundleArchive.open(from, ReaderLimits.defaults());
        BundleWriter writer = BundleWriter.create(to, WriterOptions.defaults())) {
      writer.addMember(BundleIndex.INDEX_MEMBER, raw);
      writer.addMember(BundleIndex.SIGNATURE_MEMBER, signature);
      for (MemberLocation m : archive.members()) {
        String name = m.name();
        if (name.equals(BundleIndex.INDEX_MEMBER) || name.equals(BundleIndex.SIGNATURE_MEMBER) || name.equals("bundle.offsets.json")) {
          continue;
        }
        if (name.equals(BundleIndex.blobMember(old))) {
          writer.addMember(BundleIndex.blobMember(now), bytes);
          continue;
        }
        try (var in = archive.openMember(m)) {
          writer.addMember(name, in.readAllBytes());
        }
      }
      writer.commit();
    }
  }

  private static Digest swap(Digest d, Digest old, Digest now) {
    return d != null && d.equals(old) ? now : d;
  }
}
