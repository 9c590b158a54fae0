package dev.airgap.bundle.exporter.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The release catalog ({@code releases.yaml}): which images make up each release.
 *
 * <pre>
 * releases:
 *   - version: 1.0.0
 *     images:
 *       etcd: quay.io/coreos/etcd:v3.1.6
 *       node-agent: quay.io/coreos/node-agent@sha256:…
 * </pre>
 *
 * @param source the file name used in messages
 * @param releases in the order the file lists them
 */
public record ReleaseCatalog(String source, List<Release> releases) {
  public static final String DEFAULT_FILE = "releases.yaml";

  public ReleaseCatalog {
    releases = List.copyOf(releases);
    TreeMap<Version, Release> byVersion = new TreeMap<>();
    for (Release r : releases) {
      if (byVersion.putIfAbsent(r.version(), r) != null) {
        throw new IllegalArgumentException("version " + r.version() + " is listed twice");
      }
    }
  }

  /**
   * The catalog file to read: {@code explicit} (from {@code --catalog}, relative to {@code cwd}),
   * else {@code ./releases.yaml}. Either must exist.
   */
  public static Path locate(Path explicit, Path cwd) {
    if (explicit != null) {
      Path file = cwd.resolve(explicit);
      if (!Files.isRegularFile(file)) {
        throw new CatalogException(file.toString(), "the release catalog given with --catalog does not exist or is not a file");
      }
      return file;
    }
    Path file = cwd.resolve(DEFAULT_FILE);
    if (!Files.isRegularFile(file)) {
      throw new CatalogException(null, "no release catalog: there is no " + DEFAULT_FILE + " in " + cwd
          + "; pass --catalog FILE, or --images FILE for a plain list of images");
    }
    return file;
  }

  /** Reads and validates a catalog file (at most 4 MiB). */
  public static ReleaseCatalog load(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(CatalogReader.MAX_BYTES + 1);
    }
    return new ReleaseCatalog(file.toString(), CatalogReader.read(file.toString(), bytes));
  }

  /** Parses catalog text; {@code source} names it in messages. */
  public static ReleaseCatalog parse(String source, String yaml) {
    return new ReleaseCatalog(source, CatalogReader.read(source, yaml.getBytes(StandardCharsets.UTF_8)));
  }

  /** All versions, lowest first. */
  public List<Version> versions() {
    return releases.stream().map(Release::version).sorted().toList();
  }

  /** The release with this version (any spelling: 1.2 finds 1.2.0). */
  public Optional<Release> release(Version version) {
    return releases.stream().filter(r -> r.version().sameAs(version)).findFirst();
  }

  /**
   * The releases {@code selector} matches, lowest version first; with {@code latest}, only the
   * highest of them.
   *
   * @throws CatalogException when nothing matches, listing the versions the catalog has
   */
  public List<Release> select(ReleaseSelector selector, boolean latest) {
    Objects.requireNonNull(selector, "selector");
    List<Release> matching = releases.stream()
        .filter(r -> selector.matches(r.version()))
        .sorted(Comparator.comparing(Release::version))
        .toList();
    if (matching.isEmpty()) {
      String have = versions().stream().map(Version::toString).collect(Collectors.joining(", "));
      throw new CatalogException(source, "no release matches '" + selector + "'; the catalog has "
          + (have.isEmpty() ? "no releases" : "versions " + have));
    }
    return latest ? List.of(matching.get(matching.size() - 1)) : matching;
  }
}
