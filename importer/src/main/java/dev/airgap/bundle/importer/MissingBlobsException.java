package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.receipt.MissingBlobs;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A delta bundle expects blobs on the target that it does not hold. Nothing was pushed; the
 * report lists them so the connected side can build a repair bundle.
 */
public final class MissingBlobsException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient MissingBlobs report;
  private final transient Path reportFile;

  public MissingBlobsException(MissingBlobs report) {
    this(report, null);
  }

  /** The same refusal, once its report was written to {@code reportFile} ({@code missing.json}). */
  public MissingBlobsException(MissingBlobs report, Path reportFile) {
    super("target " + report.target() + " lacks " + report.blobs().size() + " blob(s) this delta bundle expects it to hold ("
        + report.blobs().stream().limit(5).map(b -> b.digest() + " for " + String.join(", ", b.repositories()))
            .collect(Collectors.joining("; "))
        + (report.blobs().size() > 5 ? "; …" : "") + "); nothing was pushed");
    this.report = report;
    this.reportFile = reportFile;
  }

  /** Where the report was written, when it was. */
  public Optional<Path> reportFile() {
    return Optional.ofNullable(reportFile);
  }

  public MissingBlobs report() {
    return report;
  }
}
