package dev.airgap.bundle.format.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Not a test (surefire skips it): measures writing and reading a synthetic bundle.
 *
 * <pre>
 * java -Xmx128m -cp target/test-classes:target/classes:$(deps) \
 *     dev.airgap.bundle.format.archive.ArchiveThroughput /tmp/bench.tar.zst 1024 [workers] [level]
 * </pre>
 *
 * The content (size in MiB) alternates 1 MiB of random bytes and 1 MiB of random words, in members
 * of 64 MiB plus a few small ones, so it compresses to a bit more than half.
 */
public final class ArchiveThroughput {
  private static final int CHUNK = 1 << 20;

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "/tmp/bench.tar.zst");
    long total = (args.length > 1 ? Long.parseLong(args[1]) : 1024) << 20;
    WriterOptions options = WriterOptions.defaults();
    if (args.length > 2) {
      options = options.withWorkers(Integer.parseInt(args[2]));
    }
    if (args.length > 3) {
      options = options.withCompressionLevel(Integer.parseInt(args[3]));
    }
    byte[] random = new byte[32 << 20];
    byte[] text = new byte[32 << 20];
    fill(random, text);

    long member = 64L << 20;
    long t0 = System.nanoTime();
    try (BundleWriter w = BundleWriter.create(out, options)) {
      for (int i = 0; i < 50; i++) {
        w.addMember("blobs/sha256/small-" + i, new byte[300 + i]);
      }
      long offset = 0;
      for (int i = 0; offset < total; i++) {
        long size = Math.min(member, total - offset);
        w.addMember("blobs/sha256/layer-" + i, size, new Synthetic(random, text, offset, size));
        offset += size;
      }
      w.commit();
    }
    double writeSeconds = (System.nanoTime() - t0) / 1e9;
    long compressed = Files.size(out);
    System.out.printf("write: %d MiB in %.2f s = %.0f MB/s uncompressed (workers %d, level %d, frame %d KiB);"
            + " bundle %d MiB (%.1f%%)%n", total >> 20, writeSeconds, total / writeSeconds / 1e6, options.workers(),
        options.compressionLevel(), options.frameSize() >> 10, compressed >> 20, 100.0 * compressed / total);
    long maxHeap = Runtime.getRuntime().maxMemory();
    System.out.printf("heap limit %d MiB%n", maxHeap >> 20);

    try (BundleArchive archive = BundleArchive.open(out, ReaderLimits.defaults())) {
      List<MemberLocation> members = archive.members();
      for (int threads : new int[] {1, 2}) {
        long t1 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> reads = new ArrayList<>();
        for (MemberLocation m : members) {
          reads.add(pool.submit(() -> drain(archive.openMember(m))));
        }
        long bytes = 0;
        for (Future<Long> f : reads) {
          bytes += f.get();
        }
        pool.shutdown();
        double s = (System.nanoTime() - t1) / 1e9;
        System.out.printf("random access, %d thread(s): %d members, %d MiB in %.2f s = %.0f MB/s%n", threads,
            members.size(), bytes >> 20, s, bytes / s / 1e6);
      }
      long t2 = System.nanoTime();
      long[] bytes = {0};
      archive.scan((name, size, content) -> bytes[0] += drain(content));
      double s = (System.nanoTime() - t2) / 1e9;
      System.out.printf("sequential scan: %d MiB in %.2f s = %.0f MB/s%n", bytes[0] >> 20, s, bytes[0] / s / 1e6);
      // Time to first byte of the last member: one frame decompressed, not the whole bundle.
      MemberLocation last = members.get(members.size() - 1);
      long t3 = System.nanoTime();
      try (InputStream in = archive.openMember(last)) {
        in.read();
      }
      System.out.printf("open last member and read 1 byte: %.1f ms%n", (System.nanoTime() - t3) / 1e6);
    }
  }

  private static long drain(InputStream in) throws IOException {
    byte[] buf = new byte[256 * 1024];
    long n = 0;
    try (in) {
      int r;
      while ((r = in.read(buf)) > 0) {
        n += r;
      }
    }
    return n;
  }

  private static void fill(byte[] random, byte[] text) {
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < random.length; i += 8) {
      long v = r.nextLong();
      for (int k = 0; k < 8; k++) {
        random[i + k] = (byte) (v >>> (8 * k));
      }
    }
    String[] words = ("the of and to in is that for it as was with be by on not he this are or his from at which but"
        + " have an they you were her she there been one all we their has would when if so no what up out who them"
        + " layer image manifest config digest sha256 registry bundle frame archive offset member volume").split(" ");
    int i = 0;
    while (i < text.length) {
      byte[] w = words[r.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII);
      for (int k = 0; k < w.length && i < text.length; k++) {
        text[i++] = w[k];
      }
      if (i < text.length) {
        text[i++] = (byte) (r.nextInt(12) == 0 ? '\n' : ' ');
      }
    }
  }

  /** {@code size} bytes from position {@code offset} of an endless random/text stream. */
  private static final class Synthetic extends InputStream {
    private final byte[] random;
    private final byte[] text;
    private long pos;
    private final long end;

    Synthetic(byte[] random, byte[] text, long offset, long size) {
      this.random = random;
      this.text = text;
      this.pos = offset;
      this.end = offset + size;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= end) {
        return -1;
      }
      long chunk = pos / CHUNK;
      byte[] pool = chunk % 2 == 0 ? random : text;
      int inChunk = (int) (pos % CHUNK);
      int n = (int) Math.min(Math.min(len, CHUNK - inChunk), end - pos);
      int at = (int) (((chunk / 2) * CHUNK + inChunk) % pool.length);
      n = Math.min(n, pool.length - at);
      System.arraycopy(pool, at, b, off, n);
      pos += n;
      return n;
    }
  }
}
