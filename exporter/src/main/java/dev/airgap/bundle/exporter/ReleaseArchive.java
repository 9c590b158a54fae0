package dev.airgap.bundle.exporter;

import dev.airgap.bundle.exporter.ToolTree.ToolTreeException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a release archive ({@code bundle-<version>-linux-x64.tar.gz} from bin/release) so that
 * its tree can be carried. Only directories and regular files under one {@code bundle-<version>/}
 * are accepted (bin/release replaces the runtime's links by copies); anything else (links, paths
 * leaving the tree, a second top directory) is refused rather than skipped, since it would not be
 * the release bin/release made.
 */
public final class ReleaseArchive {
  private ReleaseArchive() {}

  /** Unpacks {@code archive} into the empty directory {@code into} and reads the tree. */
  public static ToolTree unpack(Path archive, Path into) throws IOException {
    String root = null;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(raw))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        String name = e.getName();
        String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
        if (root == null) {
          root = top;
          if (!ToolTree.ROOT.matcher(root).matches()) {
            throw new ToolTreeException(archive + " is not a release archive: its top directory is " + top
                + ", not bundle-<version>");
          }
        }
        if (!top.equals(root) || name.contains("/../") || name.endsWith("/..") || name.startsWith("/")) {
          throw new ToolTreeException(archive + " is not a release archive: it holds " + name + " outside " + root + "/");
        }
        Path target = into.resolve(name).normalize();
        if (!target.startsWith(into)) {
          throw new ToolTreeException(archive + " is not a release archive: " + name + " leaves its directory");
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (isRegularFile(e)) {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
          if ((e.getMode() & 0100) != 0) {
            Set<PosixFilePermission> mode = EnumSet.copyOf(Files.getPosixFilePermissions(target));
            mode.add(PosixFilePermission.OWNER_EXECUTE);
            Files.setPosixFilePermissions(target, mode);
          }
        } else {
          throw new ToolTreeException(archive + " is not a release archive: " + name
              + " is not a regular file or directory (a link?)");
        }
      }
    } catch (ToolTreeException e) {
      throw e;
    } catch (IOException e) {
      throw new ToolTreeException(archive + " could not be read as a .tar.gz release archive: " + e.getMessage());
    }
    if (root == null) {
      throw new ToolTreeException(archive + " is empty");
    }
    return ToolTree.of(into.resolve(root), root);
  }

  /** commons-compress calls every non-directory a file, links included; only plain files are. */
  private static boolean isRegularFile(TarArchiveEntry e) {
    return e.isFile() && !e.isSymbolicLink() && !e.isLink() && !e.isCharacterDevice() && !e.isBlockDevice()
        && !e.isFIFO();
  }
}
