package dev.airgap.bundle.importer.report;

import dev.airgap.bundle.format.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Imported images for the report tests, with readable defaults. */
final class Fixtures {
  static final String TARGET = "quay-lab.example.com";

  private Fixtures() {}

  static Digest digest(String seed) {
    return Digest.sha256(seed.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code name} from {@code quay.io/<repo>:<tag>}, imported under {@code mirror/<repo>}. */
  static ImportedImage image(String name, String repo, String tag, String... releases) {
    return new ImportedImage(name, "quay.io", repo, tag, digest(repo + ":" + tag), TARGET, "mirror/" + repo,
        List.of("linux/amd64"), List.of(releases));
  }

  /** {@code name} from {@code <registry>/<repo>:<tag>}, imported under {@code <targetRepo>}. */
  static ImportedImage imageFrom(String name, String registry, String repo, String tag, String targetRepo,
      String... releases) {
    return new ImportedImage(name, registry, repo, tag, digest(registry + repo + ":" + tag), TARGET, targetRepo,
        List.of("linux/amd64"), List.of(releases));
  }
}
