package dev.airgap.bundle.exporter;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;

/**
 * The hand-over of one blob from its fetch (one thread) to the bundle writer (another): the writer
 * reads while the fetch is still writing, so a blob never has to arrive whole before it is written.
 *
 * <p>Bytes stay in memory, up to a small budget, while the writer keeps up; when the fetch runs
 * ahead (the writer is busy with an earlier blob) the rest goes to a file and the writer reads it
 * from there. The file is the blob's cache entry when the cache is on (it holds the whole blob),
 * else an unnamed temporary file (only the part past the memory), gone when closed. Heap use is
 * therefore bounded whatever the blob's size.
 */
final class Spill implements AutoCloseable {
  /** Creates the unnamed overflow file (read and write) when the cache is off. */
  interface OverflowFile {
    FileChannel create() throws IOException;
  }

  /** How long a fetch waits for the writer reading its blob before it spills to a file. */
  private static final long SPILL_AFTER_NANOS = 500_000_000L;

  private final long size;
  private final int memoryBudget;
  /** Non-null when the file is the cache entry: it receives every byte, from byte 0. */
  private final FileChannel readsWholeFile;
  private final OverflowFile overflow;
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private final ArrayDeque<Integer> chunkLengths = new ArrayDeque<>();

  // Guarded by this.
  private int chunkOffset;
  private long inMemory;
  private long written;
  private long spillStart = -1;
  private FileChannel spillFile;
  private boolean complete;
  private Throwable failure;
  private boolean closed;
  private boolean readerActive;

  /**
   * @param cacheFile a read channel on the cache entry the fetch writes, or null without a cache
   */
  Spill(long size, int memoryBudget, FileChannel cacheFile, OverflowFile overflow) {
    this.size = size;
    this.memoryBudget = memoryBudget;
    this.readsWholeFile = cacheFile;
    this.overflow = overflow;
  }

  long size() {
    return size;
  }

  /**
   * Takes bytes from the fetch (after they went to the cache entry, if any). Returns true when the
   * array was kept in memory: the caller must then not reuse it.
   */
  boolean append(byte[] b, int len) throws IOException {
    FileChannel target;
    long filePosition;
    synchronized (this) {
      if (closed) {
        throw new InterruptedIOException("the export stopped");
      }
      // A writer that is reading this blob frees memory fast: wait for it a moment rather than
      // write (and later read back) a file. Only a writer busy elsewhere makes the blob spill.
      long deadline = System.nanoTime() + SPILL_AFTER_NANOS;
      while (spillStart < 0 && inMemory + len > memoryBudget && inMemory > 0 && readerActive && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while handing a blob to the writer");
        }
      }
      if (closed) {
        throw new InterruptedIOException("the export stopped");
      }
      if (spillStart < 0 && inMemory + len <= memoryBudget) {
        chunks.add(b);
        chunkLengths.add(len);
        inMemory += len;
        written += len;
        notifyAll();
        return true;
      }
      if (spillStart < 0) {
        spillStart = written;
        if (readsWholeFile == null) {
          spillFile = overflow.create();
        }
      }
      if (readsWholeFile != null) {
        // Already in the cache entry: only publish it.
        written += len;
        notifyAll();
        return false;
      }
      target = spillFile;
      filePosition = written - spillStart;
    }
    ByteBuffer buffer = ByteBuffer.wrap(b, 0, len);
    while (buffer.hasRemaining()) {
      filePosition += target.write(buffer, filePosition);
    }
    synchronized (this) {
      written += len;
      notifyAll();
    }
    return false;
  }

  synchronized void complete() {
    complete = true;
    notifyAll();
  }

  synchronized void fail(Throwable t) {
    if (failure == null) {
      failure = t;
    }
    notifyAll();
  }

  /** Frees memory and closes the overflow file; reading or appending afterwards fails. */
  @Override
  public synchronized void close() {
    closed = true;
    chunks.clear();
    chunkLengths.clear();
    inMemory = 0;
    closeQuietly(spillFile);
    closeQuietly(readsWholeFile);
    notifyAll();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing to save.
      }
    }
  }

  /** The writer's side: the blob's bytes as they arrive; fails with the fetch's own failure. */
  InputStream reader() {
    synchronized (this) {
      readerActive = true;
      notifyAll();
    }
    return new InputStream() {
      private long position;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        FileChannel file;
        long filePosition;
        int want;
        synchronized (Spill.this) {
          while (position >= written && !complete && failure == null && !closed) {
            try {
              Spill.this.wait();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new InterruptedIOException("interrupted while waiting for a blob to arrive");
            }
          }
          if (failure != null) {
            throw rethrow(failure);
          }
          if (closed) {
            throw new InterruptedIOException("the export stopped");
          }
          if (position >= written) {
            return -1; // complete
          }
          if (!chunks.isEmpty()) {
            byte[] chunk = chunks.peek();
            int chunkLength = chunkLengths.peek();
            int n = Math.min(len, chunkLength - chunkOffset);
            System.arraycopy(chunk, chunkOffset, b, off, n);
            chunkOffset += n;
            if (chunkOffset == chunkLength) {
              chunks.poll();
              chunkLengths.poll();
              inMemory -= chunkLength;
              chunkOffset = 0;
              Spill.this.notifyAll(); // a fetch may be waiting for room
            }
            position += n;
            return n;
          }
          want = (int) Math.min(len, written - position);
          if (readsWholeFile != null) {
            file = readsWholeFile;
            filePosition = position;
          } else {
            file = spillFile;
            filePosition = position - spillStart;
          }
        }
        // Outside the lock: the bytes below `written` are on the file already and stay there.
        int n = file.read(ByteBuffer.wrap(b, off, want), filePosition);
        if (n < 0) {
          throw new IOException("the spill file of a blob ended early at byte " + position);
        }
        position += n;
        return n;
      }

      @Override
      public void close() {
        Spill.this.close();
      }
    };
  }

  /** The fetch's failure as the writer's: unchecked and I/O exceptions pass as they are. */
  private static IOException rethrow(Throwable t) {
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof IOException io) {
      return io;
    }
    return new IOException(t.getMessage(), t);
  }
}
