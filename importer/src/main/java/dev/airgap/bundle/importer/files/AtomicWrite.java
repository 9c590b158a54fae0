package dev.airgap.bundle.importer.files;

import dev.airgap.bundle.format.TempFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a file so that readers only ever see the old content or the complete new content:
 * temp file, fsync, rename, fsync of the directory. Every file the importer leaves for people and
 * tools (reports, receipts, missing.json, pull secrets) goes through here; a temporary file a killed
 * run left beside the target is removed by the next write of that target.
 */
public final class AtomicWrite {
  private static final String TEMP_MARK = ".tmp-";

  private AtomicWrite() {}

  /**
   * Replaces {@code target} with {@code bytes}. With a {@code mode}, the temp file is created with
   * it (on POSIX file systems), so the content is never readable more widely, not even briefly.
   */
  public static void write(Path target, byte[] bytes, Set<PosixFilePermission> mode) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Dot-prefixed so globbing tools (kubectl apply -f dir/, registries.conf.d) skip a leftover
    // after a crash; the random part keeps concurrent writers from sharing one temp file.
    String prefix = "." + target.getFileName() + TEMP_MARK;
    // What a killed earlier write of this file left behind; a live writer's temp file is locked.
    TempFiles.sweep(dir, name -> isTemp(name, prefix));
    Path temp = dir.resolve(prefix + UUID.randomUUID());
    try {
      boolean posix = mode != null && Files.getFileStore(dir).supportsFileAttributeView("posix");
      // Locked until renamed, so a concurrent sweep never takes it for a leftover.
      try (FileChannel channel = posix
          ? TempFiles.createLocked(temp, PosixFilePermissions.asFileAttribute(mode))
          : TempFiles.createLocked(temp)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** {@code .NAME.tmp-<uuid>}: the temporary name of a write of NAME. */
  private static boolean isTemp(String name, String prefix) {
    return name.startsWith(prefix) && name.length() == prefix.length() + 36;
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can fsync a directory; the rename happened either way.
    }
  }
}
