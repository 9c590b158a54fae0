package dev.airgap.bundle.cli;

import dev.airgap.bundle.format.signing.KeyFiles;
import dev.airgap.bundle.importer.BundleImport;
import dev.airgap.bundle.importer.ImportPlan;
import dev.airgap.bundle.importer.ImportResult;
import dev.airgap.bundle.importer.ImportOptions;
import dev.airgap.bundle.importer.PrunePlan;
import dev.airgap.bundle.importer.MissingBlobsException;
import dev.airgap.bundle.importer.flavor.FlavorAdapters;
import dev.airgap.bundle.importer.report.ImportedImage;
import dev.airgap.bundle.importer.report.ReportFiles;
import dev.airgap.bundle.importer.report.ReportOptions;
import dev.airgap.bundle.registry.DockerConfigCredentials;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.config.RegistriesConfig;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bundle import FILE --target NAME}: the disconnected side. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    header = "Push a bundle's images into a private registry, creating repositories as needed.",
    description = "Verifies the signature and the index before any request to the target, plans against what the"
        + " target already holds, creates repositories through the target's flavor (generic, quay, harbor,"
        + " artifactory, nexus), pushes missing blobs once per registry straight from the bundle file (mounting them"
        + " into other repositories), then manifests by digest, then tags last. Writes the rewritten references"
        + " (images.json, images.auto.tfvars, ImageDigestMirrorSet, registries.conf, containerd hosts.toml) into"
        + " the output directory. A re-run pushes nothing.")
final class ImportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The bundle (or its first volume, or the volumes' base name).")
  private Path file;

  @Option(names = "--target", required = true, paramLabel = "NAME", description = "A target from registries.json.")
  private String targetName;

  @Option(names = "--config", paramLabel = "FILE",
      description = "registries.json (default: $BUNDLE_CONFIG, ./registries.json, ~/.config/bundle/registries.json).")
  private Path config;

  @Mixin private TrustOptions trust;
  @Mixin private TimeoutOption timeout;

  @Option(names = "--dry-run", description = "Print the plan and change nothing on the target.")
  private boolean dryRun;

  @Option(names = "--prune", description = "Remove tags this tool created in earlier imports that this bundle no longer has"
      + " (never a tag it did not create; a manifest is deleted only when no other tag and no kept index uses it; a"
      + " repair bundle never prunes, and a bundle that names no tags refuses --prune).")
  private boolean prune;

  @Option(names = "--force-retag", description = "Put back tags that were moved outside this tool (default: refuse and list them).")
  private boolean forceRetag;

  @Option(names = "--allow-downgrade", description = "Accept a bundle with a lower sequence than the target's ledger has for its channel.")
  private boolean allowDowngrade;

  @Option(names = "--allow-expired", description = "Accept a bundle past its expiry time.")
  private boolean allowExpired;

  @Option(names = "--reset-ledger", description = "Start the target's ledger over from this bundle, ignoring the ledger and"
      + " its backup copy: rollback protection restarts (only to recover a target whose ledger was lost).")
  private boolean resetLedger;

  @Option(names = "--lease-wait", paramLabel = "SECONDS", defaultValue = "300",
      description = "How long to wait while another import into the same target holds its lease (default: ${DEFAULT-VALUE}).")
  private long leaseWaitSeconds;

  @Option(names = "--pull-secrets", description = "After the import, write Kubernetes pull Secrets and ServiceAccount"
      + " manifests from the target's \"pull\" section into DIR/pull-secrets/ (also done whenever the section exists).")
  private boolean pullSecrets;

  @Option(names = "--output-dir", paramLabel = "DIR", description = "Where to write the references (default: ./bundle-out/<target>/).")
  private Path outputDir;

  @Option(names = "--tfvars-variable", paramLabel = "NAME", defaultValue = "container_images",
      description = "Variable name of the map in images.auto.tfvars (default: ${DEFAULT-VALUE}).")
  private String tfvarsVariable;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4", description = "Parallel registry transfers (default: ${DEFAULT-VALUE}).")
  private int concurrency;

  @Mixin private OutputOptions output;
  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (leaseWaitSeconds < 0) {
      throw new CliException(ExitCode.USAGE, "--lease-wait must not be negative (it is " + leaseWaitSeconds + ")",
          "Pass the number of seconds to wait for another import into the target, or 0 to refuse at once.");
    }
    Environment env = Environment.of(spec);
    Path cwd = Path.of("").toAbsolutePath();
    RegistriesConfig registries = RegistriesConfig.locateAndLoad(config, env.variables(), cwd, Path.of(System.getProperty("user.home")));
    TargetConfig target = registries.target(targetName);
    Console console = output.console();
    RegistryClient client = RegistryClient.builder(target.settings()).credentials(target.pushCredentials())
        .timeout(timeout.timeout()).settingNames(target.settingNames()).build();
    Path dir = outputDir != null ? outputDir : cwd.resolve("bundle-out").resolve(target.name());
    BundleImport.Request request = new BundleImport.Request(file, target, client,
        FlavorAdapters.forTarget(target, DockerConfigCredentials.standard(), timeout.timeout()), trust.publicKeys(),
        trust.allowUnsigned(),
        new ImportOptions(dryRun, prune, forceRetag, allowDowngrade, allowExpired, java.time.Instant.now(), resetLedger,
            java.time.Duration.ofSeconds(leaseWaitSeconds)),
        concurrency, dir, new ReportOptions(tfvarsVariable), pullSecrets);
    BundleImport.Outcome outcome;
    try (Progress progress = console.progress()) {
      outcome = BundleImport.run(request, verified -> {
        if (!verified.signed()) {
          console.note("warning: importing an UNSIGNED bundle (--allow-unsigned): its origin is not checked");
        } else {
          console.note("bundle " + verified.index().bundleId() + " signed by " + KeyFiles.fingerprint(verified.signer()));
        }
      }, new ImportProgress(progress, console));
    } catch (MissingBlobsException e) {
      Path missing = e.reportFile().orElse(dir.resolve("missing.json"));
      throw new CliException(ExitCode.FAILURE, e.getMessage(),
          "The full list is in " + missing + "; on the connected side run `bundle export --repair " + missing.getFileName()
              + " --output repair.tar.zst --sign-key …`, import that bundle, then import this one again.");
    }
    ImportResult result = outcome.result();
    if (result.prune().notApplied() != null) {
      console.note("note: " + result.prune().notApplied());
    }
    print(console, result, outcome.reports());
    return 0;
  }

  /** A filtered index names the upstream index it was derived from: the tag points at the former. */
  private static Map<String, Object> reference(ImportedImage image) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", image.name());
    m.put("reference", image.pinnedReference());
    if (image.upstreamDigest() != null) {
      m.put("upstreamDigest", image.upstreamDigest().toString());
    }
    return m;
  }

  private void print(Console console, ImportResult r, ReportFiles reports) {
    ImportPlan plan = r.plan();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("target", plan.target());
    json.put("dryRun", r.dryRun());
    json.put("images", plan.images().size());
    json.put("repositories", plan.repositories());
    json.put("blobsUploaded", plan.count(ImportPlan.BlobAction.UPLOAD));
    json.put("blobsMounted", plan.count(ImportPlan.BlobAction.MOUNT));
    json.put("blobsPresent", plan.count(ImportPlan.BlobAction.SKIP));
    json.put("bytesUploaded", r.dryRun() ? plan.bytes(ImportPlan.BlobAction.UPLOAD) : r.bytesUploaded());
    json.put("bytesSkipped", r.bytesSkipped());
    json.put("manifestsPushed", plan.manifestsToPush());
    json.put("tagsCreated", plan.count(ImportPlan.TagAction.CREATE));
    json.put("tagsMoved", plan.count(ImportPlan.TagAction.MOVE));
    json.put("tagsKept", plan.count(ImportPlan.TagAction.KEEP));
    json.put("pruned", r.prune().steps().stream().map(p -> Map.of("tag", p.repository() + ":" + p.tag(),
        "action", p.action().name().toLowerCase(), "reason", p.reason())).toList());
    json.put("retagged", r.drifted());
    json.put("references", plan.images().stream().map(ImportCommand::reference).toList());
    List<String> files = new ArrayList<>();
    if (reports != null) {
      reports.files().forEach(f -> files.add(f.toString()));
      json.put("reports", files);
      json.put("notes", reports.notes());
    }
    json.put("seconds", r.elapsed().toMillis() / 1000.0);
    console.result(json, out -> {
      out.println((r.dryRun() ? "plan for " : "imported into ") + plan.target() + ": " + plan.images().size() + " images in "
          + plan.repositories().size() + " repositories");
      if (r.dryRun()) {
        for (ImportPlan.BlobStep b : plan.blobs()) {
          if (b.action() != ImportPlan.BlobAction.SKIP) {
            out.println("  " + b.action().name().toLowerCase() + " blob " + b.repository() + "@" + b.digest() + " ("
                + ByteSizes.human(b.size()) + (b.from() != null ? " from " + b.from() : "") + ")");
          }
        }
        plan.manifests().stream().filter(m -> !m.present())
            .forEach(m -> out.println("  push manifest " + m.repository() + "@" + m.digest()));
        plan.tags().forEach(t -> out.println("  " + t.action().name().toLowerCase() + " tag " + t.repository() + ":" + t.tag()
            + (t.current() != null && t.action() == ImportPlan.TagAction.MOVE ? " (now " + t.current() + ")" : "")));
      }
      out.println("  blobs: " + plan.count(ImportPlan.BlobAction.UPLOAD) + " uploaded ("
          + ByteSizes.human(r.dryRun() ? plan.bytes(ImportPlan.BlobAction.UPLOAD) : r.bytesUploaded()) + "), "
          + plan.count(ImportPlan.BlobAction.MOUNT) + " mounted, " + plan.count(ImportPlan.BlobAction.SKIP) + " already present ("
          + ByteSizes.human(r.bytesSkipped()) + " not sent)");
      for (PrunePlan.Step p : r.prune().steps()) {
        out.println("  prune " + p.repository() + ":" + p.tag() + ": " + p.action().name().toLowerCase().replace('_', ' ')
            + " (" + p.reason() + ")");
      }
      r.drifted().forEach(t -> out.println("  retag " + t + " (--force-retag)"));
      out.println("  manifests pushed: " + plan.manifestsToPush() + "; tags created " + plan.count(ImportPlan.TagAction.CREATE)
          + ", moved " + plan.count(ImportPlan.TagAction.MOVE) + ", unchanged " + plan.count(ImportPlan.TagAction.KEEP)
          + String.format("; %.1f s", r.elapsed().toMillis() / 1000.0));
      if (reports != null) {
        out.println("references:");
        plan.images().forEach(i -> out.println("  " + i.name() + (i.releases().isEmpty() ? "" : " " + i.releases()) + " = " + i.pinnedReference()
            + (i.upstreamDigest() == null ? "" : " (a filtered index of upstream " + i.upstreamDigest() + ")")));
        out.println("written: " + String.join(", ", files));
        reports.notes().forEach(n -> out.println("note: " + n));
      }
    });
  }
}
