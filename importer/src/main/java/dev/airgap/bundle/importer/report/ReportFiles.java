package dev.airgap.bundle.importer.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ReferenceReports#write} produced.
 *
 * @param files every file written, sorted by path
 * @param notes sentences for the operator about files that were not written or need care, in a
 *     stable order; empty when there is nothing to say
 */
public record ReportFiles(List<Path> files, List<String> notes) {
  public ReportFiles {
    files = List.copyOf(files);
    notes = List.copyOf(notes);
  }
}
