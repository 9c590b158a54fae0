package dev.airgap.bundle.importer.pull;


import dev.airgap.bundle.importer.files.AtomicWrite;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * Writes files that hold credentials: readable by the owner only from the moment they exist (the
 * temp file is created 0600, never chmod-ed afterwards), complete or absent (temp, fsync, rename),
 * and left untouched when their content is already what it should be, so a re-run changes nothing
 * a GitOps sync or {@code kubectl apply} would notice.
 */
final class PrivateFiles {
  static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");
  /** Our manifests are a few kilobytes; a larger file in their place is different by definition. */
  private static final int MAX_COMPARED_BYTES = 1024 * 1024;

  private PrivateFiles() {}

  /**
   * Makes {@code target} hold {@code text} (UTF-8) with mode 0600.
   *
   * @return whether the content changed (false when it was already the same)
   */
  static boolean write(Path target, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Path dir = target.toAbsolutePath().getParent();
    createDirectories(dir);
    if (sameContent(target, bytes)) {
      if (posix(dir) && !Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS).equals(FILE_MODE)) {
        Files.setPosixFilePermissions(target, FILE_MODE);
      }
      return false;
    }
    AtomicWrite.write(target, bytes, posix(dir) ? FILE_MODE : null);
    return true;
  }

  /** Missing directories are made owner-only; existing ones are left as the user set them. */
  private static void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.getParent();
    if (parent != null) {
      createDirectories(parent);
    }
    try {
      if (posix(parent != null ? parent : dir)) {
        Files.createDirectory(dir, attribute(DIRECTORY_MODE));
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  private static boolean sameContent(Path target, byte[] expected) throws IOException {
    if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || Files.size(target) != expected.length
        || expected.length > MAX_COMPARED_BYTES) {
      return false;
    }
    try (InputStream in = Files.newInputStream(target, LinkOption.NOFOLLOW_LINKS)) {
      return Arrays.equals(in.readNBytes(expected.length + 1), expected);
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> mode) {
    return PosixFilePermissions.asFileAttribute(mode);
  }
}
