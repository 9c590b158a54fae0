package dev.airgap.bundle.importer.report;

import java.util.List;

/**
 * {@code images.auto.tfvars}: a Terraform variables file assigning one map variable, report key
 * to digest-pinned reference on the target. Terraform loads {@code *.auto.tfvars} from the
 * working directory by itself, so dropping the file next to an installer's configuration is
 * enough.
 *
 * <pre>
 * # Written by bundle import for target quay-lab. Digest-pinned references on the target.
 * container_images = {
 *   etcd           = "quay-lab.example.com/mirror/etcd@sha256:…"
 *   "etcd@1.2.0"   = "quay-lab.example.com/mirror/etcd@sha256:…"
 *   kube-apiserver = "quay-lab.example.com/mirror/kube-apiserver@sha256:…"
 * }
 * </pre>
 *
 * Keys follow {@link ReportEntries} and are quoted by {@link Hcl#key} when they are not plain
 * identifiers; the equals signs are aligned the way {@code terraform fmt} aligns an object's
 * items, so formatting the file changes nothing.
 */
final class Tfvars {
  static final String FILE = "images.auto.tfvars";

  private Tfvars() {}

  static String render(String targetName, String variable, List<ReportEntry> entries) {
    StringBuilder out = new StringBuilder()
        .append("# Written by bundle import for target ").append(targetName)
        .append(". Digest-pinned references on the target.\n");
    if (entries.isEmpty()) {
      return out.append(variable).append(" = {}\n").toString();
    }
    out.append(variable).append(" = {\n");
    int width = entries.stream().mapToInt(e -> columns(Hcl.key(e.key()))).max().orElse(0);
    for (ReportEntry e : entries) {
      String key = Hcl.key(e.key());
      out.append("  ").append(key).append(" ".repeat(width - columns(key)))
          .append(" = ").append(Hcl.quote(e.pinned())).append('\n');
    }
    return out.append("}\n").toString();
  }

  /** Display width as terraform fmt counts it: characters, not UTF-16 units. */
  private static int columns(String s) {
    return s.codePointCount(0, s.length());
  }
}
