package dev.airgap.bundle.format.archive;

import com.github.luben.zstd.ZstdCompressCtx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/** Builders for test archives, including hostile ones the writer would never produce. */
final class TestArchives {
  private TestArchives() {}

  static ReaderLimits limits() {
    return ReaderLimits.defaults();
  }

  static WriterOptions smallFrames() {
    return WriterOptions.defaults().withFrameSize(64 * 1024).withWorkers(2);
  }

  /** Deterministic content: half random, half text, so frames compress a little. */
  static byte[] content(long seed, int size) {
    Random r = new Random(seed);
    byte[] b = new byte[size];
    r.nextBytes(b);
    byte[] words = "layer config manifest blob sha256 index tar zstd frame ".getBytes(StandardCharsets.US_ASCII);
    for (int i = size / 2; i < size; i++) {
      b[i] = words[(i + r.nextInt(3)) % words.length];
    }
    return b;
  }

  /** A typical set of members: bundle.json first, a big layer, an empty file, a long name. */
  static Map<String, byte[]> sampleMembers() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("bundle.json", "{\"bundle\":true}".getBytes(StandardCharsets.UTF_8));
    m.put("bundle.json.sig", content(1, 64));
    m.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
    m.put("index.json", "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 40; i++) {
      m.put("blobs/sha256/" + String.format("%064x", i), content(100 + i, 100 + i * 37));
    }
    m.put("blobs/sha256/empty", new byte[0]);
    m.put("blobs/sha256/exactly-one-block", content(7, 512));
    m.put("blobs/" + "long-name/".repeat(15) + "end", content(8, 1000));
    m.put("blobs/" + "e".repeat(94), content(10, 20)); // exactly 100 bytes: the ustar name field, no NUL
    m.put("blobs/unicode-\u00e9\u00e8-name", content(9, 10));
    m.put("blobs/sha256/large", content(2, 300 * 1024 + 123));
    return m;
  }

  static List<Path> write(Path destination, WriterOptions options, Map<String, byte[]> members) throws IOException {
    try (BundleWriter w = BundleWriter.create(destination, options)) {
      for (Map.Entry<String, byte[]> e : members.entrySet()) {
        w.addMember(e.getKey(), e.getValue());
      }
      return w.commit();
    }
  }

  static byte[] zstd(byte[] data) {
    try (ZstdCompressCtx c = new ZstdCompressCtx()) {
      c.setLevel(3);
      c.setChecksum(true);
      return c.compress(data);
    }
  }

  /** A plain tar stream, built entry by entry with unvalidated headers. */
  static final class Tar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Tar file(String name, byte[] data) {
      return entry(name, data, TarHeaders.REGULAR, "");
    }

    Tar entry(String name, byte[] data, byte type, String link) {
      out.writeBytes(TarHeaders.header(name, data.length, type, link));
      out.writeBytes(data);
      out.writeBytes(new byte[TarHeaders.padding(data.length)]);
      return this;
    }

    Tar raw(byte[] bytes) {
      out.writeBytes(bytes);
      return this;
    }

    byte[] end() {
      out.writeBytes(new byte[2 * TarHeaders.BLOCK]);
      return out.toByteArray();
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  /** Each frame compressed on its own, then a seek table: the seekable container without a tar check. */
  static byte[] seekable(List<byte[]> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IntList c = new IntList();
    IntList d = new IntList();
    for (byte[] f : frames) {
      byte[] z = zstd(f);
      out.writeBytes(z);
      c.add(z.length);
      d.add(f.length);
    }
    out.writeBytes(SeekTable.encode(c, d));
    return out.toByteArray();
  }

  /**
   * A bundle built by hand, one frame per member and a final offsets frame; {@code edit} may change
   * the offsets table before it is written, to make it lie.
   */
  static byte[] handBuilt(Map<String, byte[]> members, UnaryOperator<List<MemberLocation>> edit) throws IOException {
    List<byte[]> frames = new ArrayList<>();
    List<MemberLocation> locations = new ArrayList<>();
    long offset = 0;
    for (Map.Entry<String, byte[]> e : members.entrySet()) {
      byte[] frame = new Tar().file(e.getKey(), e.getValue()).bytes();
      int header = TarHeaders.regularFile(e.getKey(), e.getValue().length).length;
      locations.add(new MemberLocation(e.getKey(), offset, offset + header, e.getValue().length));
      frames.add(frame);
      offset += frame.length;
    }
    byte[] json = OffsetsTable.encode(edit.apply(locations));
    frames.add(new Tar().file(OffsetsTable.NAME, json).end());
    return seekable(frames);
  }

  static Path put(Path dir, String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }
}
