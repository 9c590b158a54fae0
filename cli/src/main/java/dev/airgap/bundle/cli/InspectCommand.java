package dev.airgap.bundle.cli;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.ImageRef;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.ManifestSummary;
import dev.airgap.bundle.registry.ImageReferences;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.ReaderLimits;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.BundleIndexJson;
import dev.airgap.bundle.format.signing.KeyFiles;
import dev.airgap.bundle.format.verify.BundleVerifier;
import dev.airgap.bundle.format.verify.VerifiedBundle;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code bundle inspect REF}: what an image in a registry is made of, without pulling layers. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    header = "Show an image in a registry, or what a bundle file holds.",
    description =
        "Resolves an image reference in a registry and shows its digest and media type; for an"
            + " index, each platform's manifest; for an image, its config and layers with sizes."
            + " Given a bundle file: its releases, images with platforms and sizes, blob count, bytes before"
            + " and after dedup, channel and sequence, and the signature (checked with --trust).")
final class InspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IMAGE|FILE",
      description = "An image reference (registry.example/org/app:1.0) or a bundle file.")
  private String reference;

  @Mixin private RegistryOptions registry;
  @Mixin private TimeoutOption timeout;
  @Mixin private TrustOptions trust;
  @Mixin private OutputOptions output;
  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path file = Path.of(reference);
    if (Files.exists(file) || Files.exists(Path.of(reference + ".000"))) {
      return inspectBundle(file);
    }
    ImageRef ref = parse(reference);
    RegistryClient client = registry.clientFor(ref.registry(), timeout.timeout());
    Manifest manifest = client.pullManifest(ref.repository(), ref.reference());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("reference", ref.toString());
    result.put("digest", manifest.digest().toString());
    result.put("mediaType", manifest.mediaType());
    result.put("size", manifest.size());
    ManifestSummary summary = manifest.summary();
    if (summary.artifactType() != null) {
      result.put("artifactType", summary.artifactType());
    }
    if (manifest.isIndex()) {
      result.put("manifests", describe(summary.manifests()));
    } else {
      if (summary.config() != null) {
        result.put("config", describe(summary.config()));
      }
      result.put("layers", describe(summary.layers()));
      result.put("layersSize", summary.layers().stream().mapToLong(Descriptor::size).sum());
    }
    output.console().result(result, out -> printText(out, ref, manifest));
    return 0;
  }

  private int inspectBundle(Path file) throws Exception {
    try (BundleArchive archive = BundleArchive.open(file, ReaderLimits.defaults())) {
      BundleIndex index;
      String signature;
      boolean checked = trust.any() || trust.allowUnsigned();
      if (checked) {
        VerifiedBundle verified = new BundleVerifier(trust.publicKeys(), trust.allowUnsigned()).verifyIndex(archive);
        index = verified.index();
        signature = verified.signed() ? "verified, signed by " + KeyFiles.fingerprint(verified.signer()) : "none (allowed)";
      } else {
        // Shown for information only; nothing is done with it. --trust checks the signature first.
        index = BundleIndexJson.parse(archive.readMember(BundleIndex.INDEX_MEMBER, BundleIndexJson.MAX_BYTES));
        boolean signed = archive.members().size() > 1 && archive.members().get(1).name().equals(BundleIndex.SIGNATURE_MEMBER);
        signature = signed ? "present, not checked (pass --trust KEY.pub to check it)" : "none: the bundle is unsigned";
      }
      Map<String, Object> summary = BundleSummary.of(index, archive, signature, checked);
      output.console().result(summary, out -> BundleSummary.print(out, summary));
    }
    return 0;
  }

  private ImageRef parse(String text) {
    try {
      return ImageReferences.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static void printText(PrintWriter out, ImageRef ref, Manifest manifest) {
    ManifestSummary summary = manifest.summary();
    out.println(ref.registry() + "/" + ref.repository() + "@" + manifest.digest());
    out.println("  media type: " + manifest.mediaType());
    if (summary.artifactType() != null) {
      out.println("  artifact:   " + summary.artifactType());
    }
    if (manifest.isIndex()) {
      out.println("  manifests:");
      for (Descriptor d : summary.manifests()) {
        out.println("    " + d.digest() + "  " + (d.platform() == null ? "-" : d.platform()) + "  " + ByteSizes.human(d.size()));
      }
      return;
    }
    if (summary.config() != null) {
      out.println("  config:     " + summary.config().digest() + "  " + summary.config().mediaType());
    }
    out.println("  layers:");
    long total = 0;
    for (Descriptor d : summary.layers()) {
      out.println("    " + d.digest() + "  " + ByteSizes.human(d.size()) + "  " + d.mediaType());
      total += d.size();
    }
    out.println("  total:      " + ByteSizes.human(total) + " in " + summary.layers().size() + " layers");
  }

  private static List<Map<String, Object>> describe(List<Descriptor> descriptors) {
    List<Map<String, Object>> out = new ArrayList<>();
    descriptors.forEach(d -> out.add(describe(d)));
    return out;
  }

  private static Map<String, Object> describe(Descriptor d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("digest", d.digest().toString());
    m.put("mediaType", d.mediaType());
    m.put("size", d.size());
    if (d.platform() != null) {
      m.put("platform", d.platform().toString());
    }
    if (d.artifactType() != null) {
      m.put("artifactType", d.artifactType());
    }
    return m;
  }
}
