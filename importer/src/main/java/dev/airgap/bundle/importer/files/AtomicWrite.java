package dev.airgap.bundle.importer.files;

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
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a file so that readers only ever see the old content or the complete new content:
 * temp file, fsync, rename, fsync of the directory. Every file the importer leaves for people and
 * tools (reports, receipts, pull secrets) goes through here.
 */
public final class AtomicWrite {
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
    Path temp = dir.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      boolean posix = mode != null && Files.getFileStore(dir).supportsFileAttributeView("posix");
      try (FileChannel channel = posix
          ? FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(mode))
          : FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can fsync a directory; the rename happened either way.
    }
  }
}
