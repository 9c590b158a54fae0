package dev.airgap.bundle.format.archive;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cuts the uncompressed tar stream into independent zstd frames, compresses them on a pool of
 * workers and hands the results to the sink in stream order, recording each frame's sizes for the
 * seek table.
 *
 * <p>Memory is bounded: at most {@code 2 × workers} frames are in flight, and their buffers are
 * reused, so it does not grow with the bundle. The caller's thread fills frames and writes the
 * compressed output; only compression runs on the workers. Not thread-safe: one writer thread.
 */
final class FramePipeline implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final int frameSize;
  private final int maxInFlight;
  private final VolumeSink sink;
  private final ExecutorService pool;
  private final BlockingQueue<ZstdCompressCtx> contexts;
  private final List<ZstdCompressCtx> allContexts = new ArrayList<>();
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final ArrayDeque<byte[]> freeRaw = new ArrayDeque<>();
  private final ArrayDeque<byte[]> freeCompressed = new ArrayDeque<>();
  private final IntList compressedSizes = new IntList();
  private final IntList decompressedSizes = new IntList();
  private final int compressedCapacity;

  private byte[] current;
  private int currentLength;
  private boolean unbounded;
  private FrameEncoding encoding = FrameEncoding.COMPRESS;
  private long position;
  private boolean closed;

  /** A frame on its way to the sink; {@code result} and {@code compressed} are null for a stored frame. */
  private record Pending(Future<Integer> result, byte[] raw, int length, byte[] compressed) {
    boolean stored() {
      return result == null;
    }

    boolean isDone() {
      return stored() || result.isDone();
    }
  }

  FramePipeline(int level, int frameSize, int workers, VolumeSink sink) {
    this.frameSize = frameSize;
    this.maxInFlight = 2 * workers;
    this.sink = sink;
    this.compressedCapacity = (int) Zstd.compressBound(frameSize);
    int id = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "bundle-zstd-" + id + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.contexts = new ArrayBlockingQueue<>(workers);
    for (int i = 0; i < workers; i++) {
      ZstdCompressCtx ctx = new ZstdCompressCtx();
      ctx.setLevel(level);
      ctx.setChecksum(true);
      ctx.setContentSize(true);
      allContexts.add(ctx);
      contexts.add(ctx);
    }
  }

  /** Uncompressed bytes accepted so far: the offset in the tar stream of the next byte. */
  long position() {
    return position;
  }

  /** Ends the current frame (if it holds anything) so the next byte starts a new one. */
  void cut() throws IOException {
    if (current != null && currentLength > 0) {
      submit();
    }
  }

  /**
   * In unbounded mode the current frame is not cut at {@code frameSize}: the final frame (the
   * offsets member and the end-of-archive blocks) stays one frame whatever its size.
   */
  void unbounded(boolean on) {
    this.unbounded = on;
  }

  /**
   * How the frames from now on are encoded, until the next call. Called right after {@link #cut()}
   * so that a frame never mixes the two.
   */
  void encoding(FrameEncoding encoding) {
    if (current != null && currentLength > 0) {
      throw new IllegalStateException("the encoding changes only at a frame boundary");
    }
    this.encoding = encoding;
  }

  void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, room());
      System.arraycopy(b, off, current, currentLength, n);
      currentLength += n;
      position += n;
      off += n;
      len -= n;
    }
  }

  void writeZeros(int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, room());
      Arrays.fill(current, currentLength, currentLength + n, (byte) 0);
      currentLength += n;
      position += n;
      len -= n;
    }
  }

  /** Copies up to {@code n} bytes from {@code in} straight into frames; returns how many came. */
  long transferFrom(InputStream in, long n) throws IOException {
    long copied = 0;
    while (copied < n) {
      int room = room();
      int r = in.read(current, currentLength, (int) Math.min(room, n - copied));
      if (r < 0) {
        break;
      }
      currentLength += r;
      position += r;
      copied += r;
    }
    return copied;
  }

  /** Space left in the current frame, starting a new frame (or growing the final one) if none. */
  private int room() throws IOException {
    if (current == null) {
      current = freeRaw.isEmpty() ? new byte[frameSize] : freeRaw.pop();
      currentLength = 0;
    }
    if (currentLength == current.length) {
      if (unbounded) {
        if (current.length >= SeekTable.MAX_FRAME_DECOMPRESSED) {
          throw new IOException("the final frame of the bundle would exceed " + SeekTable.MAX_FRAME_DECOMPRESSED + " bytes");
        }
        current = Arrays.copyOf(current, (int) Math.min(SeekTable.MAX_FRAME_DECOMPRESSED, 2L * current.length));
      } else {
        submit();
        return room();
      }
    }
    return current.length - currentLength;
  }

  private void submit() throws IOException {
    while (!pending.isEmpty() && pending.peek().isDone()) {
      emit(pending.poll());
    }
    while (pending.size() >= maxInFlight) {
      emit(pending.poll());
    }
    byte[] raw = current;
    int length = currentLength;
    if (encoding == FrameEncoding.STORE) {
      // Nothing to compute: emit() writes the bytes as raw blocks when the frame's turn comes.
      current = null;
      currentLength = 0;
      pending.add(new Pending(null, raw, length, null));
      return;
    }
    byte[] compressed = raw.length == frameSize && !freeCompressed.isEmpty() ? freeCompressed.pop()
        : new byte[raw.length == frameSize ? compressedCapacity : (int) Zstd.compressBound(length)];
    current = null;
    currentLength = 0;
    Future<Integer> result = pool.submit(() -> {
      ZstdCompressCtx ctx = contexts.take();
      try {
        return ctx.compressByteArray(compressed, 0, compressed.length, raw, 0, length);
      } finally {
        contexts.offer(ctx);
      }
    });
    pending.add(new Pending(result, raw, length, compressed));
  }

  private void emit(Pending p) throws IOException {
    if (p.stored()) {
      emitStored(p);
      return;
    }
    int size;
    try {
      size = p.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing the bundle");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException("compressing a frame failed", cause);
    }
    if (compressedSizes.size() >= SeekTable.MAX_FRAMES) {
      throw new IOException("the bundle needs more than " + SeekTable.MAX_FRAMES + " frames; use a larger frame size");
    }
    sink.write(p.compressed(), 0, size);
    compressedSizes.add(size);
    decompressedSizes.add(p.length());
    if (p.raw().length == frameSize) {
      freeRaw.push(p.raw());
    }
    if (p.compressed().length == compressedCapacity) {
      freeCompressed.push(p.compressed());
    }
  }

  private void emitStored(Pending p) throws IOException {
    if (compressedSizes.size() >= SeekTable.MAX_FRAMES) {
      throw new IOException("the bundle needs more than " + SeekTable.MAX_FRAMES + " frames; use a larger frame size");
    }
    int size = RawFrames.write(p.raw(), p.length(), sink);
    compressedSizes.add(size);
    decompressedSizes.add(p.length());
    if (p.raw().length == frameSize) {
      freeRaw.push(p.raw());
    }
  }

  /** Ends the last frame and waits for every frame to reach the sink; returns the seek table. */
  byte[] finish() throws IOException {
    cut();
    while (!pending.isEmpty()) {
      emit(pending.poll());
    }
    return SeekTable.encode(compressedSizes, decompressedSizes);
  }

  /** Stops the workers and frees the native contexts; frames still in flight are dropped. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Pending p : pending) {
      if (!p.stored()) {
        p.result().cancel(true);
      }
    }
    pending.clear();
    pool.shutdownNow();
    boolean stopped = false;
    try {
      stopped = pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stopped) {
      // A context still compressing must not be freed under it; if a worker is stuck, leak instead.
      for (ZstdCompressCtx ctx : allContexts) {
        ctx.close();
      }
    }
    freeRaw.clear();
    freeCompressed.clear();
  }
}
