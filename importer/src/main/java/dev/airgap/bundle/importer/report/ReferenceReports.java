package dev.airgap.bundle.importer.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * After an import, writes the rewritten image references in the forms clusters and installers
 * consume. All files are UTF-8 with {@code \n} line ends, sorted so that the same import always
 * gives the same bytes, and each appears atomically (temp file, fsync, rename):
 *
 * <ul>
 *   <li>{@code images.json} — every image under its key with target, tag and source references,
 *       platforms and releases ({@link ImagesJson});
 *   <li>{@code images.auto.tfvars} — one Terraform map variable, key to digest-pinned reference
 *       ({@link Tfvars}; the variable name is {@link ReportOptions#tfvarsVariable});
 *   <li>{@code image-digest-mirror-set.yaml} — an OpenShift ImageDigestMirrorSet named {@code
 *       bundle-<target>} ({@link DigestMirrorSet});
 *   <li>{@code registries.conf.d/99-bundle-<target>.conf} — a CRI-O / containers-registries.conf
 *       v2 drop-in ({@link RegistriesConf});
 *   <li>{@code certs.d/<source host>/hosts.toml} — containerd mirrors, one per source registry,
 *       only when {@code pathsPreserved} ({@link ContainerdHosts}).
 * </ul>
 *
 * <p><b>Keys.</b> {@code images.json} and the tfvars map use the same keys: the catalog name, or,
 * when one name was imported with different digests (different versions in different releases),
 * the plain name for the entry of the highest release and {@code name@<release>} for the others
 * (see {@link ReportEntries}).
 *
 * <p><b>Docker Hub.</b> Sources are spelled as container runtimes normalise image names:
 * {@code registry-1.docker.io} and {@code index.docker.io} become {@code docker.io}, and
 * single-component repositories get {@code library/} (see {@link SourceNames}). That is the
 * only spelling IDMS and registries.conf prefixes match.
 *
 * <p>The output directory may hold reports of earlier imports; files are replaced, never
 * deleted. A containerd {@code hosts.toml} that this run did not write is reported in the notes,
 * since containerd would keep using it.
 */
public final class ReferenceReports {
  /** The target names registries.json allows: safe as a file-name part. */
  private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private ReferenceReports() {}

  /** {@link #write(Path, String, List, boolean, ReportOptions)} with {@link ReportOptions#defaults()}. */
  public static ReportFiles write(Path outputDir, String targetName, List<ImportedImage> images,
      boolean pathsPreserved) throws IOException {
    return write(outputDir, targetName, images, pathsPreserved, ReportOptions.defaults());
  }

  /**
   * Writes the reports into {@code outputDir}, creating it.
   *
   * @param targetName the target's name in registries.json
   * @param images every image the import placed on the target, in any order
   * @param pathsPreserved whether each target repository is the source repository path, possibly
   *     under a prefix (the target's repository template was {@code {path}}); only then can
   *     containerd host mirrors express the mapping
   * @return the files written and notes for the operator
   * @throws IllegalArgumentException if {@code targetName} is not a registries.json target name
   */
  public static ReportFiles write(Path outputDir, String targetName, List<ImportedImage> images,
      boolean pathsPreserved, ReportOptions options) throws IOException {
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(options, "options");
    if (targetName == null || !TARGET_NAME.matcher(targetName).matches()) {
      throw new IllegalArgumentException("'" + targetName + "' is not a target name (letters, digits, "
          + "'.', '_', '-'; at most 64 characters)");
    }
    List<ReportEntry> entries = ReportEntries.of(images);
    SortedMap<String, SortedSet<String>> mirrors = MirrorMap.of(images);
    String registriesConf = RegistriesConf.DIR + "/" + RegistriesConf.fileName(targetName);

    Map<String, String> contents = new LinkedHashMap<>();
    contents.put(ImagesJson.FILE, ImagesJson.render(targetName, entries));
    contents.put(Tfvars.FILE, Tfvars.render(targetName, options.tfvarsVariable(), entries));
    contents.put(DigestMirrorSet.FILE, DigestMirrorSet.render(targetName, mirrors));
    contents.put(registriesConf, RegistriesConf.render(targetName, mirrors));
    ContainerdHosts.Result containerd = ContainerdHosts.render(targetName, images, pathsPreserved,
        DigestMirrorSet.FILE + " and " + registriesConf);
    contents.putAll(containerd.files());

    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, String> file : contents.entrySet()) {
      Path path = outputDir.resolve(file.getKey());
      AtomicFiles.write(path, file.getValue());
      written.add(path);
    }
    written.sort(Comparator.comparing(Path::toString));

    List<String> notes = new ArrayList<>(containerd.notes());
    notes.addAll(staleHostsFiles(outputDir, written));
    return new ReportFiles(written, notes);
  }

  /**
   * containerd reads every hosts.toml under its config_path, so one left by an earlier import
   * would keep redirecting pulls; it is not ours to delete, but the operator should know.
   */
  private static List<String> staleHostsFiles(Path outputDir, List<Path> written) throws IOException {
    Path certs = outputDir.resolve(ContainerdHosts.DIR);
    if (!Files.isDirectory(certs)) {
      return List.of();
    }
    List<String> notes = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(certs)) {
      for (Path dir : dirs.sorted().toList()) {
        Path hosts = dir.resolve("hosts.toml");
        if (Files.isRegularFile(hosts) && !written.contains(hosts)) {
          notes.add(outputDir.relativize(hosts) + " is left from an earlier import and was not "
              + "updated; remove it unless it is still wanted.");
        }
      }
    }
    return notes;
  }
}
