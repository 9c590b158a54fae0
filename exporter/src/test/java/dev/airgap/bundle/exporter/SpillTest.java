package dev.airgap.bundle.exporter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-over of one blob from its fetch to the writer: memory first, a file when the writer lags. */
class SpillTest {
  @TempDir Path temp;

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  /** Appends the content in chunks of {@code chunk} bytes on another thread, like a fetch. */
  private static Thread feed(Spill spill, byte[] content, int chunk, FileChannel cacheEntry, CountDownLatch before) {
    Thread t = new Thread(() -> {
      try {
        for (int off = 0; off < content.length; off += chunk) {
          int n = Math.min(chunk, content.length - off);
          byte[] b = java.util.Arrays.copyOfRange(content, off, off + n);
          if (cacheEntry != null) {
            cacheEntry.write(ByteBuffer.wrap(b));
          }
          spill.append(b, n);
          if (off == 0 && before != null) {
            before.countDown();
          }
        }
        spill.complete();
      } catch (IOException e) {
        spill.fail(e);
      }
    });
    t.start();
    return t;
  }

  @Test
  void aWriterThatLagsReadsTheOverflowFromAFileThatLeavesNoName() throws Exception {
    byte[] content = random(3_000_000);
    AtomicInteger files = new AtomicInteger();
    Spill spill = new Spill(content.length, 256 * 1024, null, () -> {
      files.incrementAndGet();
      Path file = Files.createTempFile(temp, ".spill-", "");
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Files.delete(file);
      return channel;
    });
    Thread fetch = feed(spill, content, 100_000, null, null);
    fetch.join(); // the writer was busy elsewhere: everything past the budget is in the file
    assertEquals(1, files.get(), "one overflow file");
    try (InputStream in = spill.reader()) {
      assertArrayEquals(content, readInOddSizes(in));
    }
    try (var left = Files.list(temp)) {
      assertEquals(0, left.count(), "the overflow file has no name");
    }
  }

  @Test
  void aWriterThatKeepsUpReadsFromMemoryWhileTheFetchRuns() throws Exception {
    byte[] content = random(2_000_000);
    Spill spill = new Spill(content.length, 1 << 20, null, () -> {
      throw new AssertionError("no file while the writer keeps up");
    });
    CountDownLatch started = new CountDownLatch(1);
    Thread fetch = new Thread(() -> {
      try {
        for (int off = 0; off < content.length; off += 50_000) {
          int n = Math.min(50_000, content.length - off);
          spill.append(java.util.Arrays.copyOfRange(content, off, off + n), n);
          started.countDown();
          Thread.sleep(1); // slower than the reader, as a network is
        }
        spill.complete();
      } catch (Exception e) {
        spill.fail(e);
      }
    });
    fetch.start();
    started.await();
    try (InputStream in = spill.reader()) {
      assertArrayEquals(content, in.readAllBytes());
    }
    fetch.join();
  }

  @Test
  void withACacheEntryTheWriterReadsTheEntryPastTheBudget() throws Exception {
    byte[] content = random(1_500_000);
    Path entry = temp.resolve("entry");
    try (FileChannel write = FileChannel.open(entry, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      FileChannel read = FileChannel.open(entry, StandardOpenOption.READ);
      Spill spill = new Spill(content.length, 300_000, read, () -> {
        throw new AssertionError("the cache entry is the file");
      });
      feed(spill, content, 70_000, write, null).join();
      try (InputStream in = spill.reader()) {
        assertArrayEquals(content, readInOddSizes(in));
      }
    }
    assertArrayEquals(content, Files.readAllBytes(entry));
  }

  @Test
  void theFetchFailureReachesTheWriterAsItWas() throws Exception {
    Spill spill = new Spill(10, 1024, null, () -> null);
    spill.append(new byte[] {1, 2, 3}, 3);
    IllegalStateException failure = new IllegalStateException("digest mismatch");
    spill.fail(failure);
    InputStream in = spill.reader();
    assertSame(failure, assertThrows(IllegalStateException.class, () -> in.read(new byte[10])));
  }

  @Test
  void closingStopsAFetchStillAppending() throws Exception {
    Spill spill = new Spill(10, 1024, null, () -> null);
    spill.close();
    assertThrows(IOException.class, () -> spill.append(new byte[] {1}, 1));
  }

  private static byte[] readInOddSizes(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[77_777];
    int n;
    while ((n = in.read(buffer, 0, 1 + out.size() % buffer.length)) >= 0) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
