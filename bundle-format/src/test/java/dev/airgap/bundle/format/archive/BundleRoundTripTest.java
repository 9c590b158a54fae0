package dev.airgap.bundle.format.archive;

import static dev.airgap.bundle.format.archive.TestArchives.limits;
import static dev.airgap.bundle.format.archive.TestArchives.sampleMembers;
import static dev.airgap.bundle.format.archive.TestArchives.smallFrames;
import static dev.airgap.bundle.format.archive.TestArchives.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleRoundTripTest {
  @TempDir Path temp;

  @Test
  void membersReadBackByRandomAccessAndByScan() throws Exception {
    Map<String, byte[]> members = sampleMembers();
    Path out = temp.resolve("b.tar.zst");
    assertEquals(List.of(out), write(out, smallFrames(), members));

    try (BundleArchive archive = BundleArchive.open(out, limits())) {
      assertEquals(List.of(out), archive.files());
      List<MemberLocation> listed = archive.members();
      assertEquals(new ArrayList<>(members.keySet()), listed.stream().map(MemberLocation::name).toList());
      for (MemberLocation m : listed) {
        assertEquals(members.get(m.name()).length, m.size(), m.name());
        try (InputStream in = archive.openMember(m)) {
          assertArrayEquals(members.get(m.name()), in.readAllBytes(), m.name());
        }
      }
      assertArrayEquals(members.get("bundle.json"), archive.readMember("bundle.json", 1024));

      Map<String, byte[]> scanned = new LinkedHashMap<>();
      archive.scan((name, size, content) -> {
        byte[] bytes = content.readAllBytes();
        assertEquals(size, bytes.length);
        scanned.put(name, bytes);
      });
      assertEquals(members.keySet(), scanned.keySet());
      members.forEach((name, bytes) -> assertArrayEquals(bytes, scanned.get(name), name));

      // The large member spans several frames; each member starts one; one final frame.
      try (VolumeSet volumes = VolumeSet.open(out)) {
        SeekTable table = SeekTable.read(volumes, limits());
        int largeFrames = (int) Math.ceil((300 * 1024 + 123 + 512) / (64.0 * 1024));
        assertEquals(members.size() - 1 + largeFrames + 1, table.frames());
        for (MemberLocation m : listed) {
          assertEquals(m.headerOffset(), table.frameAt(m.headerOffset()).uncompressedOffset(), "frame at " + m.name());
        }
      }
    }
  }

  @Test
  void membersReadInParallelMatchTheScan() throws Exception {
    Map<String, byte[]> members = sampleMembers();
    Path out = temp.resolve("p.tar.zst");
    write(out, smallFrames(), members);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (BundleArchive archive = BundleArchive.open(out, limits())) {
      Map<String, byte[]> scanned = new LinkedHashMap<>();
      archive.scan((name, size, content) -> scanned.put(name, content.readAllBytes()));
      List<Future<?>> reads = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (MemberLocation m : archive.members()) {
          reads.add(pool.submit(() -> {
            try (InputStream in = archive.openMember(m)) {
              assertArrayEquals(scanned.get(m.name()), in.readAllBytes(), m.name());
            }
            return null;
          }));
        }
      }
      for (Future<?> f : reads) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void streamedMemberOfManyFramesAndPartialReads() throws Exception {
    byte[] big = TestArchives.content(42, 1_000_000);
    Path out = temp.resolve("s.tar.zst");
    try (BundleWriter w = BundleWriter.create(out, smallFrames().withWorkers(3))) {
      w.addMember("first", new byte[] {1});
      // A stream that returns short reads must still give exactly size bytes.
      w.addMember("big", big.length, new ByteArrayInputStream(big) {
        @Override
        public synchronized int read(byte[] b, int off, int len) {
          return super.read(b, off, Math.min(len, 1000));
        }
      });
      assertTrue(w.compressedBytes() > 0);
      w.commit();
    }
    try (BundleArchive archive = BundleArchive.open(out, limits())) {
      MemberLocation m = archive.members().get(1);
      try (InputStream in = archive.openMember(m)) {
        // Read a little and close: the rest is never decompressed.
        assertEquals(big[0] & 0xff, in.read());
      }
      try (InputStream in = archive.openMember(m)) {
        assertArrayEquals(big, in.readAllBytes());
        assertEquals(-1, in.read());
      }
      // A visitor that reads nothing: the scanner skips the content itself.
      List<String> names = new ArrayList<>();
      archive.scan((name, size, content) -> names.add(name));
      assertEquals(List.of("first", "big"), names);
    }
  }

  @Test
  void anEmptyBundleHasOnlyTheOffsetsMember() throws Exception {
    Path out = temp.resolve("empty.tar.zst");
    write(out, smallFrames(), Map.of());
    try (BundleArchive archive = BundleArchive.open(out, limits())) {
      assertEquals(List.of(), archive.members());
      archive.scan((name, size, content) -> {
        throw new AssertionError("no members expected, got " + name);
      });
    }
  }

  @Test
  void theSameInputGivesTheSameBytesWhateverTheWorkerCount() throws Exception {
    Path one = temp.resolve("one.tar.zst");
    Path four = temp.resolve("four.tar.zst");
    write(one, smallFrames().withWorkers(1), sampleMembers());
    write(four, smallFrames().withWorkers(4), sampleMembers());
    assertArrayEquals(Files.readAllBytes(one), Files.readAllBytes(four));
  }

  @Test
  void volumesConcatenateToTheSingleFileAndReadBack() throws Exception {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("bundle.json", "{}".getBytes());
    // Random content barely compresses: about 3.2 MiB of frames, so four 1 MiB volumes.
    java.util.Random r = new java.util.Random(5);
    for (int i = 0; i < 4; i++) {
      byte[] b = new byte[800 * 1024 + i];
      r.nextBytes(b);
      members.put("blobs/sha256/" + i, b);
    }
    Path single = temp.resolve("single.tar.zst");
    write(single, smallFrames(), members);
    Path split = temp.resolve("split.tar.zst");
    List<Path> volumes = write(split, smallFrames().withSplitSize(1024 * 1024), members);
    assertEquals(4, volumes.size());
    for (int i = 0; i < volumes.size(); i++) {
      assertEquals(temp.resolve(String.format("split.tar.zst.%03d", i)), volumes.get(i));
      long size = Files.size(volumes.get(i));
      assertTrue(i == volumes.size() - 1 ? size <= 1024 * 1024 : size == 1024 * 1024, "volume " + i + ": " + size);
    }
    assertFalse(Files.exists(split));
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (Path v : volumes) {
      joined.writeBytes(Files.readAllBytes(v));
    }
    assertArrayEquals(Files.readAllBytes(single), joined.toByteArray());

    for (Path entry : List.of(volumes.get(0), split)) {
      try (BundleArchive archive = BundleArchive.open(entry, limits())) {
        assertEquals(volumes, archive.files());
        for (MemberLocation m : archive.members()) {
          try (InputStream in = archive.openMember(m)) {
            assertArrayEquals(members.get(m.name()), in.readAllBytes(), m.name());
          }
        }
        List<String> names = new ArrayList<>();
        archive.scan((name, size, content) -> {
          assertArrayEquals(members.get(name), content.readAllBytes());
          names.add(name);
        });
        assertEquals(new ArrayList<>(members.keySet()), names);
      }
    }
  }

  @Test
  void aLaterVolumeGivenAloneIsNamedAsSuchWithTheFirstOneToPass() throws Exception {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("bundle.json", "{}".getBytes());
    byte[] b = new byte[1500 * 1024];
    new java.util.Random(6).nextBytes(b);
    members.put("blobs/sha256/0", b);
    List<Path> volumes = write(temp.resolve("v.tar.zst"), smallFrames().withSplitSize(1024 * 1024), members);
    ArchiveException e = assertThrows(ArchiveException.class, () -> BundleArchive.open(volumes.get(1), limits()));
    assertTrue(e.getMessage().contains("volume 1 of a split bundle") && e.getMessage().contains("v.tar.zst.000"),
        e.getMessage());
    assertFalse(e.getMessage().contains("seek table"), "not reported as a damaged bundle: " + e.getMessage());
  }

  @Test
  void aMissingOrForeignVolumeIsAClearError() throws Exception {
    byte[] random = new byte[3 * 1024 * 1024];
    new java.util.Random(6).nextBytes(random);
    Path split = temp.resolve("v.tar.zst");
    List<Path> volumes = write(split, smallFrames().withSplitSize(1024 * 1024), Map.of("blob", random));
    assertTrue(volumes.size() >= 3);
    Files.move(volumes.get(1), temp.resolve("elsewhere"));
    ArchiveException e = assertThrows(ArchiveException.class, () -> BundleArchive.open(volumes.get(0), limits()));
    assertTrue(e.getMessage().contains("v.tar.zst.001 is missing"), e.getMessage());

    Files.write(volumes.get(1), new byte[1000]);
    e = assertThrows(ArchiveException.class, () -> BundleArchive.open(split, limits()));
    assertTrue(e.getMessage().contains("v.tar.zst.001 has 1000 bytes"), e.getMessage());
  }

  @Test
  void aNewBundleReplacesTheOldOneInWhicheverFormItHad() throws Exception {
    byte[] random = new byte[3 * 1024 * 1024];
    new java.util.Random(7).nextBytes(random);
    Path dest = temp.resolve("r.tar.zst");
    write(dest, smallFrames().withSplitSize(1024 * 1024), Map.of("blob", random));
    assertTrue(Files.exists(temp.resolve("r.tar.zst.002")));
    write(dest, smallFrames().withSplitSize(2 * 1024 * 1024), Map.of("small", new byte[10]));
    assertFalse(Files.exists(temp.resolve("r.tar.zst.001")), "stale volumes removed");
    write(dest, smallFrames(), Map.of("x", new byte[10]));
    assertFalse(Files.exists(temp.resolve("r.tar.zst.000")));
    try (BundleArchive archive = BundleArchive.open(dest, limits())) {
      assertEquals("x", archive.members().get(0).name());
    }
  }

  @Test
  void anUncommittedWriterLeavesNothingBehind() throws Exception {
    Path out = temp.resolve("u.tar.zst");
    try (BundleWriter w = BundleWriter.create(out, smallFrames().withSplitSize(1024 * 1024))) {
      byte[] random = new byte[2 * 1024 * 1024];
      new java.util.Random(8).nextBytes(random);
      w.addMember("bundle.json", random);
      assertTrue(tempFiles().size() >= 1, "work happens in temporary files");
    }
    assertEquals(List.of(), listing());

    // A member whose content ends early breaks the writer; close() still cleans up.
    try (BundleWriter w = BundleWriter.create(out, smallFrames())) {
      w.addMember("a", new byte[10]);
      IOException e = assertThrows(IOException.class, () -> w.addMember("b", 100, new ByteArrayInputStream(new byte[50])));
      assertTrue(e.getMessage().contains("ended after 50 of its 100 bytes"), e.getMessage());
      IllegalStateException after = assertThrows(IllegalStateException.class, w::commit);
      assertTrue(after.getMessage().contains("earlier write failed"), after.getMessage());
    }
    assertEquals(List.of(), listing());
  }

  @Test
  void theWriterRefusesBadNamesAndDuplicates() throws Exception {
    try (BundleWriter w = BundleWriter.create(temp.resolve("n.tar.zst"), smallFrames())) {
      for (String bad : List.of("", "/etc/passwd", "../x", "a/../../x", "a\\b", "a\0b", "a//b", "a/", "./a", "a/./b",
          "x".repeat(256), "line\nbreak", BundleWriter.OFFSETS_MEMBER)) {
        assertThrows(IllegalArgumentException.class, () -> w.addMember(bad, new byte[1]), bad);
      }
      w.addMember("a/" + "y".repeat(253), new byte[1]);
      w.addMember("dup", new byte[1]);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.addMember("dup", new byte[2]));
      assertTrue(e.getMessage().contains("duplicate member 'dup'"), e.getMessage());
      // Refusing a name does not break the writer.
      w.addMember("fine", new byte[1]);
      w.commit();
    }
  }

  @Test
  void largeSizesUsePaxHeaders() throws Exception {
    byte[] header = TarHeaders.regularFile("big", 10L << 30);
    assertEquals(3 * 512, header.length);
    TarReader r = new TarReader(new ByteArrayInputStream(header), 0, "test");
    TarEntry e = r.next();
    assertEquals("big", e.name());
    assertEquals(10L << 30, e.size());
    assertEquals(3 * 512, e.dataOffset());
  }

  private List<Path> tempFiles() throws IOException {
    try (Stream<Path> s = Files.list(temp)) {
      return s.filter(p -> p.getFileName().toString().contains(".partial-")).toList();
    }
  }

  private List<Path> listing() throws IOException {
    try (Stream<Path> s = Files.list(temp)) {
      return s.toList();
    }
  }
}
