package dev.airgap.bundle.format;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.EnumSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Temporary files of atomic writes (bundle volumes, reports, receipts, cached blobs), and the
 * removal of those a killed run left behind.
 *
 * <p>A writer holds an exclusive lock on its temporary file for as long as the file matters. The
 * operating system drops the lock when the process dies, however it dies, so the next run can
 * tell a leftover (lock free) from a file another running process is still writing (locked), and
 * delete only the leftovers.
 */
public final class TempFiles {
  private TempFiles() {}

  /** Creates {@code temp} (it must not exist) for writing, locked until the channel is closed. */
  public static FileChannel createLocked(Path temp, FileAttribute<?>... attributes) throws IOException {
    FileChannel channel = FileChannel.open(temp,
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes);
    try {
      channel.lock();
      return channel;
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  /** Deletes the files in {@code dir} that {@code isTemp} names and no live writer holds; returns how many. */
  public static int sweep(Path dir, Predicate<String> isTemp) {
    return sweep(dir, isTemp, UnaryOperator.identity());
  }

  /**
   * As {@link #sweep(Path, Predicate)}, where the lock that shows a live writer is on {@code
   * owner.apply(file)} (e.g. the first of several volumes); a file whose owner is gone is a leftover.
   */
  public static int sweep(Path dir, Predicate<String> isTemp, UnaryOperator<Path> owner) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path file : entries) {
        if (isTemp.test(file.getFileName().toString()) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
            && !inUse(owner.apply(file))) {
          Files.deleteIfExists(file);
          removed++;
        }
      }
    } catch (IOException e) {
      // Best effort: a leftover costs disk space, never correctness (its name is never read).
    }
    return removed;
  }

  private static boolean inUse(Path owner) {
    try (FileChannel channel = FileChannel.open(owner, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileLock lock = channel.tryLock()) {
      return lock == null;
    } catch (OverlappingFileLockException e) {
      return true; // this very process is writing it
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return true; // cannot tell: leave it
    }
  }
}
