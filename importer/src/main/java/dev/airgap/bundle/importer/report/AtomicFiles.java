package dev.airgap.bundle.importer.report;

import dev.airgap.bundle.importer.files.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes a report file so that readers (a GitOps sync, an installer picking up the tfvars) only
 * ever see the old content or the complete new content, never a half-written file.
 */
final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes {@code text} as UTF-8 to {@code target}: temp file, fsync, rename, fsync directory. */
  static void write(Path target, String text) throws IOException {
    AtomicWrite.write(target, text.getBytes(StandardCharsets.UTF_8), null);
  }
}
