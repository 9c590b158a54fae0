package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.ReaderLimits;
import dev.airgap.bundle.format.verify.BundleVerifier;
import dev.airgap.bundle.format.verify.VerifiedBundle;
import dev.airgap.bundle.importer.files.AtomicWrite;
import dev.airgap.bundle.importer.flavor.FlavorAdapter;
import dev.airgap.bundle.importer.pull.PullSecrets;
import dev.airgap.bundle.importer.pull.PullSecretsResult;
import dev.airgap.bundle.importer.report.ReferenceReports;
import dev.airgap.bundle.importer.report.ReportFiles;
import dev.airgap.bundle.importer.report.ReportOptions;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one entry point of an import, as {@code copy.Image} is containers/image's: verifies the
 * bundle's signature and index before any request to the target, imports it under the target's
 * lease ({@link Importer}: ledger checks, plan, push, prune, ledger record), then writes the
 * references, the receipt and the pull secrets into the output directory. When the target lacks
 * blobs a delta expects, {@code missing.json} is written there and the refusal names it. Commands
 * only parse options, call {@link #run} and print what it returns.
 */
public final class BundleImport {
  private BundleImport() {}

  /**
   * What to import where.
   *
   * @param pullSecrets write pull secrets even when the target has no {@code pull} section
   */
  public record Request(Path bundle, TargetConfig target, RegistryClient client, FlavorAdapter adapter,
      List<PublicKey> trusted, boolean allowUnsigned, ImportOptions options, int concurrency, Path outputDir,
      ReportOptions reports, boolean pullSecrets) {}

  /** What the import did; {@code reports} is null for a dry run, which writes nothing. */
  public record Outcome(VerifiedBundle verified, ImportResult result, ReportFiles reports) {}

  /**
   * @param verified told once the signature and index check out, before the target is contacted
   */
  public static Outcome run(Request request, Consumer<VerifiedBundle> verified, ImportListener listener)
      throws IOException {
    TargetConfig target = request.target();
    Path dir = request.outputDir();
    try (BundleArchive archive = BundleArchive.open(request.bundle(), ReaderLimits.defaults())) {
      // Nothing reaches the target before the signature and the index check out.
      VerifiedBundle bundle = new BundleVerifier(request.trusted(), request.allowUnsigned()).verifyIndex(archive);
      verified.accept(bundle);
      ImportResult result;
      try {
        result = new Importer(target, request.client(), request.adapter(), listener, request.concurrency())
            .run(archive, bundle, request.options());
      } catch (MissingBlobsException e) {
        Path missing = dir.resolve("missing.json");
        AtomicWrite.write(missing, e.report().toJson(), null);
        throw new MissingBlobsException(e.report(), missing);
      }
      if (request.options().dryRun()) {
        return new Outcome(bundle, result, null);
      }
      // A repair places no image: the references of the import it repairs stay as they were.
      ReportFiles reports = result.placedImages()
          ? ReferenceReports.write(dir, target.name(), result.plan().images(),
              target.repositoryTemplate().preservesPaths(), request.reports())
          : new ReportFiles(List.of(), List.of("a repair bundle places no images, so the references in " + dir
              + " were left as they were"));
      Path receipt = Receipts.write(dir, target.name(), bundle.index(), Digest.sha256(bundle.rawIndex()));
      List<Path> files = new ArrayList<>(reports.files());
      files.add(receipt);
      List<String> notes = new ArrayList<>(reports.notes());
      if (request.pullSecrets() || target.pull() != null) {
        PullSecretsResult pull = PullSecrets.provision(target, result.plan().repositories(), dir);
        files.addAll(pull.files());
        notes.addAll(pull.notes());
        if (!pull.changed().isEmpty()) {
          notes.add("pull credentials changed; apply them: "
              + String.join(" && ", PullSecretsResult.applyCommands(pull.changed())));
        }
      }
      return new Outcome(bundle, result, new ReportFiles(files, notes));
    }
  }
}
