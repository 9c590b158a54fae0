package dev.airgap.bundle.exporter;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.transfer.BlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The blobs of a bundle, in the order the writer takes them, fetched ahead of it: while the
 * writer copies one blob into the archive, the next ones are already streaming in, each through a
 * {@link Spill} (memory while the writer keeps up, the cache entry or an unnamed temporary file
 * when it does not). Blobs the cache already holds are read from there, verified on the way.
 *
 * <p>Fetches run on {@code concurrency} threads, in order, and never more than {@code aheadBytes}
 * of blobs beyond the one being written, so without a cache the disk holds at most that much
 * besides the bundle. {@link #open} must be called in the order given.
 */
final class Prefetcher implements BlobSource, AutoCloseable {
  /** Heap per blob in flight before its bytes go to a file. */
  static final int MEMORY_PER_BLOB = 8 * 1024 * 1024;
  private static final int CHUNK = 256 * 1024;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final List<Descriptor> order;
  private final Map<Digest, Integer> positions = new HashMap<>();
  private final boolean[] cached;
  private final Function<Descriptor, BlobSource> upstream;
  private final BlobCache cache;
  private final Path spillDir;
  private final ExportListener listener;
  private final int concurrency;
  private final long aheadBytes;
  private final ExecutorService pool;
  private final Spill[] spills;

  // Guarded by this.
  private int head;
  private int next;
  private int running;
  private long startedAhead;
  private boolean closed;

  /**
   * @param cached which blobs of {@code order} to read from the cache instead of fetching
   * @param cache the cache fetched blobs are also written to, or null
   * @param spillDir where unnamed overflow files go when there is no cache
   */
  Prefetcher(List<Descriptor> order, boolean[] cached, Function<Descriptor, BlobSource> upstream, BlobCache cache,
      Path spillDir, ExportListener listener, int concurrency, long aheadBytes) {
    this.order = order;
    this.cached = cached;
    this.upstream = upstream;
    this.cache = cache;
    this.spillDir = spillDir;
    this.listener = listener;
    this.concurrency = Math.max(1, concurrency);
    this.aheadBytes = aheadBytes;
    this.spills = new Spill[order.size()];
    for (int i = 0; i < order.size(); i++) {
      positions.putIfAbsent(order.get(i).digest(), i);
    }
    int id = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(this.concurrency, r -> {
      Thread t = new Thread(r, "bundle-fetch-" + id + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the first fetches. */
  synchronized void start() {
    schedule();
  }

  @Override
  public InputStream open(Descriptor blob, long offset) throws IOException {
    Integer index = positions.get(blob.digest());
    if (index == null) {
      throw new IllegalArgumentException("blob " + blob.digest() + " is not one this export fetches");
    }
    if (offset != 0) {
      throw new IllegalArgumentException("the bundle takes each blob once, from its first byte");
    }
    Spill spill;
    synchronized (this) {
      if (index < head) {
        throw new IllegalStateException("blob " + blob.digest() + " was taken already");
      }
      head = index;
      schedule();
      // Not cached and not started yet: every fetch thread is busy with blobs before it.
      while (!cached[index] && spills[index] == null && !closed) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while waiting for a fetch to start");
        }
      }
      spill = spills[index];
    }
    if (cached[index]) {
      // Read straight from the cache entry, verified as it goes; nothing was fetched ahead.
      return cache.open(blob, 0);
    }
    if (spill == null) {
      throw new java.io.InterruptedIOException("the export stopped");
    }
    InputStream reader = spill.reader();
    return new java.io.FilterInputStream(reader) {
      @Override
      public void close() throws IOException {
        super.close();
        released(index);
      }
    };
  }

  private synchronized void released(int index) {
    spills[index] = null;
    startedAhead -= order.get(index).size();
    schedule();
    notifyAll();
  }

  /** Starts fetches in order while threads are free and the window allows. */
  private void schedule() {
    while (!closed && running < concurrency && next < order.size()) {
      if (next < head) {
        next = head; // blobs the writer skipped (already in the bundle) need no fetch
        continue;
      }
      if (cached[next]) {
        next++;
        continue;
      }
      Descriptor blob = order.get(next);
      if (next > head && startedAhead + blob.size() > aheadBytes) {
        return; // wait until the writer has taken some; the blob at the head always starts
      }
      FileChannel cacheRead;
      BlobCache.Entry entry;
      try {
        entry = cache == null ? null : cache.begin(blob.digest());
        cacheRead = entry == null ? null : FileChannel.open(entry.temp(), StandardOpenOption.READ);
      } catch (IOException e) {
        Spill failed = new Spill(blob.size(), 0, null, this::overflowFile);
        failed.fail(e);
        startedAhead += blob.size(); // released like any other when the writer reaches it
        spills[next++] = failed;
        continue;
      }
      Spill spill = new Spill(blob.size(), MEMORY_PER_BLOB, cacheRead, this::overflowFile);
      spills[next] = spill;
      startedAhead += blob.size();
      running++;
      next++;
      pool.execute(() -> fetch(blob, spill, entry));
    }
  }

  private void fetch(Descriptor blob, Spill spill, BlobCache.Entry entry) {
    listener.fetchStarted(blob.digest(), blob.size());
    try (InputStream in = upstream.apply(blob).open(blob)) {
      byte[] buffer = new byte[CHUNK];
      int n;
      while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
        if (entry != null) {
          entry.write(buffer, 0, n);
        }
        listener.fetchProgress(blob.digest(), n);
        if (spill.append(buffer, n)) {
          buffer = new byte[CHUNK];
        }
      }
      // The verifying stream ended normally: size and digest are right.
      if (entry != null) {
        entry.commit();
      }
      spill.complete();
      listener.fetchDone(blob.digest());
    } catch (Throwable t) {
      spill.fail(t);
    } finally {
      if (entry != null) {
        try {
          entry.close();
        } catch (IOException e) {
          // The temporary file stays locked no longer; the next run's sweep removes it.
        }
      }
      synchronized (this) {
        running--;
        schedule();
        notifyAll();
      }
    }
  }

  /** An unnamed file for a blob's overflow: deleted at once, so nothing is left if we are killed. */
  private FileChannel overflowFile() throws IOException {
    Path file = Files.createTempFile(spillDir, ".bundle-spill-", "");
    try {
      return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Stops the fetches and frees what they hold. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
      for (Spill spill : spills) {
        if (spill != null) {
          spill.close();
        }
      }
    }
    pool.shutdownNow();
  }
}
