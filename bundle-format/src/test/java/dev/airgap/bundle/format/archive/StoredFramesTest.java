package dev.airgap.bundle.format.archive;

import static dev.airgap.bundle.format.archive.SystemToolsTest.run;
import static dev.airgap.bundle.format.archive.TestArchives.content;
import static dev.airgap.bundle.format.archive.TestArchives.limits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members written with {@link FrameEncoding#STORE} travel as zstd raw blocks: same frame
 * boundaries and offsets as compressed ones, read by our reader, GNU tar and zstd alike.
 */
class StoredFramesTest {
  @TempDir Path temp;

  /** 512 KiB frames: a stored frame then holds several 128 KiB raw blocks, the last one short. */
  private static final WriterOptions OPTIONS = WriterOptions.defaults().withFrameSize(512 * 1024).withWorkers(2);

  private static Map<String, byte[]> members() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("bundle.json", "{\"bundle\":true}".getBytes());
    m.put("blobs/sha256/zeros", new byte[1_300_000]); // stored: would compress to nothing otherwise
    m.put("blobs/sha256/text", content(3, 700_000));
    m.put("blobs/sha256/tiny", content(4, 3));
    m.put("blobs/sha256/one-block", content(5, RawFrames.MAX_BLOCK - 512)); // header + content = exactly one block
    m.put("blobs/sha256/empty", new byte[0]);
    return m;
  }

  private static boolean stored(String name) {
    return !name.equals("bundle.json") && !name.endsWith("/text");
  }

  private List<Path> write(Path out, boolean store) throws IOException {
    try (BundleWriter w = BundleWriter.create(out, OPTIONS)) {
      for (Map.Entry<String, byte[]> e : members().entrySet()) {
        FrameEncoding encoding = store && stored(e.getKey()) ? FrameEncoding.STORE : FrameEncoding.COMPRESS;
        w.addMember(e.getKey(), e.getValue().length, new ByteArrayInputStream(e.getValue()), encoding);
      }
      return w.commit();
    }
  }

  @Test
  void storedMembersAreRawBlocksWithTheSameOffsetsAndReadBack() throws Exception {
    Path mixed = temp.resolve("mixed.tar.zst");
    Path compressed = temp.resolve("compressed.tar.zst");
    write(mixed, true);
    write(compressed, false);
    assertTrue(Files.size(mixed) > 1_300_000, "the zero member is stored, not compressed: " + Files.size(mixed));
    assertTrue(Files.size(compressed) < 700_000, "compressed, the zeros vanish: " + Files.size(compressed));

    try (BundleArchive stored = BundleArchive.open(mixed, limits());
        BundleArchive plain = BundleArchive.open(compressed, limits())) {
      assertEquals(plain.members(), stored.members(), "frame layout and offsets do not depend on the encoding");
      for (MemberLocation m : stored.members()) {
        try (InputStream in = stored.openMember(m)) {
          assertArrayEquals(members().get(m.name()), in.readAllBytes(), m.name());
        }
      }
      Map<String, byte[]> scanned = new LinkedHashMap<>();
      stored.scan((name, size, content) -> scanned.put(name, content.readAllBytes()));
      assertEquals(members().keySet(), scanned.keySet());
      members().forEach((name, bytes) -> assertArrayEquals(bytes, scanned.get(name), name));
    }

    run(List.of("zstd", "-q", "-t", mixed.toString()));
    Path dir = Files.createDirectory(temp.resolve("x"));
    assertEquals("", run(List.of("tar", "--zstd", "-xf", mixed.toString(), "-C", dir.toString())).strip());
    for (Map.Entry<String, byte[]> e : members().entrySet()) {
      assertArrayEquals(e.getValue(), Files.readAllBytes(dir.resolve(e.getKey())), e.getKey());
    }
  }

  @Test
  void aRawFrameIsItsContentBehindHeaders() throws Exception {
    // 9-byte frame header, then 3 bytes per 128 KiB block.
    assertEquals(9 + 3 + 1, RawFrames.frameSize(1));
    assertEquals(9 + 3 + RawFrames.MAX_BLOCK, RawFrames.frameSize(RawFrames.MAX_BLOCK));
    assertEquals(9 + 6 + RawFrames.MAX_BLOCK + 1, RawFrames.frameSize(RawFrames.MAX_BLOCK + 1));
  }
}
