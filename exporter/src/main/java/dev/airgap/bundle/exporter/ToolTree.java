package dev.airgap.bundle.exporter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The release of this tool as {@code export --include-tool} carries it: the files of one
 * {@code bundle-<version>/} directory, each to become the member {@code tool/<root>/<path>}, so
 * that {@code tar --zstd -xf OUT.tar.zst tool/} on the far side gives a launcher that runs.
 *
 * @param root the release directory's name, {@code bundle-<version>}
 * @param files regular files in a fixed (sorted) order
 */
public record ToolTree(String root, List<ToolFile> files) {
  /** Names like the release archive's top directory: bundle-0.1.0, bundle-1.2.0-rc.1. */
  public static final Pattern ROOT = Pattern.compile("bundle-[0-9A-Za-z][0-9A-Za-z.+~_-]*");

  /** What a release holds at the least; a tree without these would not run on the far side. */
  static final List<String> REQUIRED = List.of("bin/bundle");

  /**
   * Left out: the launcher makes the class-data archive of the application on its first run at
   * each location (it is only valid where it was made), and its temporary files.
   */
  private static final Pattern LOCAL_STATE = Pattern.compile("lib/bundle\\.jsa(\\.path)?|.*\\.tmp");

  /** One file of the tree: {@code path} relative to the root, with '/' separators. */
  public record ToolFile(String path, Path file, long size, boolean executable) {
    public ToolFile {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(file, "file");
    }
  }

  public ToolTree {
    Objects.requireNonNull(root, "root");
    if (!ROOT.matcher(root).matches() || root.endsWith(".tar.gz")) {
      throw new IllegalArgumentException("a release directory is named bundle-<version>, not " + root);
    }
    files = List.copyOf(files);
  }

  /** The member name of {@code file}. */
  public String memberName(ToolFile file) {
    return "tool/" + root + "/" + file.path();
  }

  /**
   * Reads a release directory (as bin/release stages it, or as its archive unpacks). A symbolic
   * link to a file inside the tree (jlink writes some under runtime/legal/) is carried as a copy
   * of that file; a link leading outside the tree, devices and the like are refused, since they
   * would not be the same thing on the far side.
   */
  public static ToolTree of(Path directory, String root) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new ToolTreeException(directory + " is not a directory");
    }
    for (String required : REQUIRED) {
      if (!Files.isRegularFile(directory.resolve(required))) {
        throw new ToolTreeException(directory + " is not a release of bundle: it has no " + required);
      }
    }
    Path real = directory.toRealPath();
    List<ToolFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String relative = directory.relativize(p).toString().replace('\\', '/');
        if (LOCAL_STATE.matcher(relative).matches()) {
          continue;
        }
        Path content = p;
        if (Files.isSymbolicLink(p)) {
          content = Files.exists(p) ? p.toRealPath() : null;
          if (content == null || !content.startsWith(real)) {
            throw new ToolTreeException("the release at " + directory + " holds " + relative
                + ", a link that leads outside it; rebuild the release with bin/release");
          }
        }
        if (!Files.isRegularFile(content, LinkOption.NOFOLLOW_LINKS)) {
          throw new ToolTreeException("the release at " + directory + " holds " + relative
              + ", which is not a regular file; rebuild the release with bin/release");
        }
        files.add(new ToolFile(relative, content, Files.size(content), Files.isExecutable(content)));
      }
    }
    files.sort(Comparator.comparing(ToolFile::path));
    return new ToolTree(root, files);
  }

  /** Total bytes of the files. */
  public long bytes() {
    return files.stream().mapToLong(ToolFile::size).sum();
  }

  /** Opens one file for reading. */
  static InputStream open(ToolFile file) throws IOException {
    return Files.newInputStream(file.file());
  }

  /** A release directory or archive that cannot be carried, with the reason. */
  public static final class ToolTreeException extends IOException {
    public ToolTreeException(String message) {
      super(message);
    }
  }
}
