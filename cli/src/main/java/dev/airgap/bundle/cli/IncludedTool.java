package dev.airgap.bundle.cli;

import dev.airgap.bundle.exporter.ReleaseArchive;
import dev.airgap.bundle.exporter.ToolTree;
import java.io.Closeable;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the release {@code export --include-tool} carries: the release this process runs from
 * (no value), a release archive ({@code bundle-<version>-linux-x64.tar.gz}, unpacked into a
 * temporary directory removed on close) or a release directory ({@code bundle-<version>/}).
 */
final class IncludedTool implements Closeable {
  /** The option's value when it is given without one. */
  static final String SELF = "";

  private final ToolTree tree;
  private final Path temporary;

  private IncludedTool(ToolTree tree, Path temporary) {
    this.tree = tree;
    this.temporary = temporary;
  }

  ToolTree tree() {
    return tree;
  }

  /** Resolves the option value; a problem is a {@link ToolTree.ToolTreeException} naming it. */
  static IncludedTool resolve(String value) throws IOException {
    if (value.equals(SELF)) {
      Path home = runningRelease().orElseThrow(() -> new ToolTree.ToolTreeException(
          "this bundle does not run from a release (bin/release builds one), so there is nothing to carry;"
              + " pass the release archive: --include-tool=dist/bundle-<version>-linux-x64.tar.gz"));
      return new IncludedTool(ToolTree.of(home, "bundle-" + VersionProvider.version()), null);
    }
    Path path = Path.of(value).toAbsolutePath();
    if (Files.isDirectory(path)) {
      String name = path.getFileName() == null ? "" : path.getFileName().toString();
      if (!ToolTree.ROOT.matcher(name).matches()) {
        throw new ToolTree.ToolTreeException("--include-tool " + value
            + ": a release directory is named bundle-<version> (as the release archive unpacks)");
      }
      return new IncludedTool(ToolTree.of(path, name), null);
    }
    if (!Files.isRegularFile(path)) {
      throw new ToolTree.ToolTreeException("--include-tool " + value
          + ": no such file or directory; build the release archive first with bin/release");
    }
    String name = path.getFileName().toString();
    if (!name.matches("bundle-[0-9A-Za-z][0-9A-Za-z.+~_-]*-linux-x64\\.tar\\.gz")) {
      throw new ToolTree.ToolTreeException("--include-tool " + value
          + ": expected the release archive, named bundle-<version>-linux-x64.tar.gz (built by bin/release),"
          + " or its unpacked bundle-<version> directory");
    }
    Path temporary = Files.createTempDirectory("bundle-tool-");
    try {
      return new IncludedTool(ReleaseArchive.unpack(path, temporary), temporary);
    } catch (IOException | RuntimeException e) {
      deleteTree(temporary);
      throw e;
    }
  }

  /**
   * The directory of the release this process runs from: lib/bundle.jar under it (bin/release's
   * layout) with bin/bundle beside lib/. A jar run from a Maven build has no such directory.
   */
  static Optional<Path> runningRelease() {
    try {
      Path jar = Path.of(IncludedTool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path lib = jar.getParent();
      Path home = lib == null ? null : lib.getParent();
      if (home != null && jar.getFileName().toString().equals("bundle.jar") && lib.getFileName().toString().equals("lib")
          && Files.isRegularFile(home.resolve("bin/bundle")) && Files.isDirectory(home.resolve("runtime"))) {
        return Optional.of(home);
      }
    } catch (URISyntaxException | RuntimeException e) {
      // Not a file-system jar (e.g. run from classes): no release to carry.
    }
    return Optional.empty();
  }

  @Override
  public void close() throws IOException {
    if (temporary != null) {
      deleteTree(temporary);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
