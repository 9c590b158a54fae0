package dev.airgap.bundle.format.archive;

import static dev.airgap.bundle.format.archive.TestArchives.limits;
import static dev.airgap.bundle.format.archive.TestArchives.put;
import static dev.airgap.bundle.format.archive.TestArchives.sampleMembers;
import static dev.airgap.bundle.format.archive.TestArchives.smallFrames;
import static dev.airgap.bundle.format.archive.TestArchives.write;
import static dev.airgap.bundle.format.archive.TestArchives.zstd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.verify.BundleVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every hostile or damaged input ends in an ArchiveException that says what and where. */
class HostileArchiveTest {
  @TempDir Path temp;

  // ---- path tricks and entry types (sequential scan) ----

  @Test
  void symbolicLinksAreRefused() throws Exception {
    Path file = put(temp, "s.tar.zst", zstd(commonsTar(TarConstants.LF_SYMLINK, "evil", "/etc/passwd")));
    assertScanFails(file, "entry 'evil' at offset 1024", "is a symbolic link to '/etc/passwd'",
        "only regular files are accepted");
  }

  @Test
  void hardLinksAreRefused() throws Exception {
    Path file = put(temp, "h.tar.zst", zstd(commonsTar(TarConstants.LF_LINK, "evil", "bundle.json")));
    assertScanFails(file, "entry 'evil' at offset 1024", "is a hard link to 'bundle.json'");
  }

  @Test
  void directoriesDevicesAndFifosAreRefused() throws Exception {
    for (byte type : new byte[] {'5', '3', '4', '6', 'S', 'V'}) {
      byte[] tar = new TestArchives.Tar().file("ok", new byte[3]).entry("odd", new byte[0], type, "").end();
      Path file = put(temp, "t" + (char) type + ".tar.zst", zstd(tar));
      assertScanFails(file, "entry 'odd' at offset 1024 of", "only regular files are accepted");
    }
  }

  @Test
  void dotDotAndAbsoluteNamesAreRefused() throws Exception {
    Map<String, String> cases = Map.of(
        "../x", "a '..' segment",
        "a/../../x", "a '..' segment",
        "/etc/x", "an absolute path",
        "a\\b", "a backslash",
        "a//b", "an empty segment",
        "./a", "a '.' segment");
    int i = 0;
    for (Map.Entry<String, String> c : cases.entrySet()) {
      byte[] tar = new TestArchives.Tar().file(c.getKey(), "x".getBytes()).end();
      Path file = put(temp, "n" + i++ + ".tar.zst", zstd(tar));
      assertScanFails(file, "entry " + MemberNames.quote(c.getKey()) + " at offset 0", "has an unsafe name",
          c.getValue());
    }
    // A pax path cannot smuggle what the ustar name field does not show.
    byte[] pax = new TestArchives.Tar().file("../" + "p".repeat(120), "x".getBytes()).end();
    assertScanFails(put(temp, "pax.tar.zst", zstd(pax)), "has an unsafe name", "a '..' segment");
  }

  @Test
  void duplicateMembersAreRefused() throws Exception {
    byte[] tar = new TestArchives.Tar().file("a", "1".getBytes()).file("b", "2".getBytes()).file("a", "3".getBytes())
        .end();
    assertScanFails(put(temp, "d.tar.zst", zstd(tar)), "duplicate member 'a' at offset 2048");

    // In the offsets table too.
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("a", "1".getBytes());
    members.put("b", "2".getBytes());
    Path bundle = put(temp, "d2.tar.zst", TestArchives.handBuilt(members, list -> List.of(list.get(0),
        new MemberLocation("a", list.get(1).headerOffset(), list.get(1).dataOffset(), list.get(1).size()))));
    assertMembersFails(bundle, "offsets table", "duplicate member 'a'");
  }

  @Test
  void theOffsetsMemberMustComeLast() throws Exception {
    byte[] tar = new TestArchives.Tar().file(BundleArchive.OFFSETS_MEMBER, "{}".getBytes()).file("late", new byte[1])
        .end();
    assertScanFails(put(temp, "o.tar.zst", zstd(tar)), "bundle.offsets.json at offset 0", "is not the last member",
        "'late' at offset 1024");
  }

  @Test
  void headersThatAreNotTarAreRefused() throws Exception {
    byte[] tar = new TestArchives.Tar().file("a", new byte[600]).end();
    byte[] badChecksum = tar.clone();
    badChecksum[20] = 'Z';
    assertScanFails(put(temp, "c.tar.zst", zstd(badChecksum)), "bad checksum at offset 0");
    byte[] noMagic = new byte[2048];
    Arrays.fill(noMagic, 0, 512, (byte) 'A');
    assertScanFails(put(temp, "m.tar.zst", zstd(noMagic)), "no ustar tar header at offset 0");
    byte[] global = new TestArchives.Tar().entry("g", "10 path=x\n".getBytes(), (byte) 'g', "").file("a", new byte[1])
        .end();
    assertScanFails(put(temp, "g.tar.zst", zstd(global)), "global pax header at offset 0");
    byte[] hugePax = new TestArchives.Tar().raw(TarHeaders.header("p", 1L << 32, (byte) 'x', "")).end();
    assertScanFails(put(temp, "hp.tar.zst", zstd(hugePax)), "pax extended header at offset 0", "declares 4294967296 bytes",
        "more than the 65536 accepted");
  }

  // ---- damaged files ----

  @Test
  void aTruncatedBundleIsRefused() throws Exception {
    Path good = temp.resolve("good.tar.zst");
    write(good, smallFrames(), sampleMembers());
    byte[] bytes = Files.readAllBytes(good);
    Path cut = put(temp, "cut.tar.zst", Arrays.copyOf(bytes, bytes.length * 3 / 5));
    assertScanFails(cut, "corrupt or truncated compressed data", "Truncated source");
    assertMembersFails(cut, "does not end with a zstd seek table");

    // Cut at a frame boundary: the zstd stream is whole, the tar stream is not.
    SeekTable.Frame last;
    try (VolumeSet volumes = VolumeSet.open(good)) {
      last = SeekTable.read(volumes, limits()).last();
    }
    Path atFrame = put(temp, "frame.tar.zst", Arrays.copyOf(bytes, (int) last.compressedOffset()));
    assertScanFails(atFrame, "is truncated: it ends at offset " + last.uncompressedOffset(),
        "without the tar end-of-archive blocks");
  }

  @Test
  void trailingGarbageIsRefused() throws Exception {
    Path good = temp.resolve("good.tar.zst");
    write(good, smallFrames(), sampleMembers());
    byte[] bytes = Files.readAllBytes(good);

    Path junk = put(temp, "junk.tar.zst", concat(bytes, "garbage!".getBytes()));
    assertScanFails(junk, "Unknown frame descriptor");
    assertMembersFails(junk, "does not end with a zstd seek table");

    // Well-formed zstd data after the end-of-archive blocks is still trailing data.
    Path extra = put(temp, "extra.tar.zst", concat(bytes, zstd("smuggled".getBytes())));
    long tarLength = seekTable(good).uncompressedLength();
    assertScanFails(extra, "trailing data after the end of the tar archive", "at offset " + tarLength);

    // Zero padding after the end-of-archive blocks (what GNU tar's blocking adds) is fine.
    Path padded = put(temp, "padded.tar.zst", concat(bytes, zstd(new byte[9216])));
    try (BundleArchive archive = BundleArchive.open(padded, limits())) {
      archive.scan((n, s, c) -> { });
    }
  }

  @Test
  void aFlippedByteInCompressedDataIsCaught() throws Exception {
    Path good = temp.resolve("good.tar.zst");
    Map<String, byte[]> members = sampleMembers();
    write(good, smallFrames(), members);
    byte[] bytes = Files.readAllBytes(good);
    MemberLocation large;
    SeekTable.Frame frame;
    try (BundleArchive archive = BundleArchive.open(good, limits())) {
      large = archive.members().stream().filter(m -> m.name().equals("blobs/sha256/large")).findFirst().orElseThrow();
    }
    try (VolumeSet volumes = VolumeSet.open(good)) {
      frame = SeekTable.read(volumes, limits()).frameAt(large.dataOffset() + 100_000);
    }
    bytes[(int) (frame.compressedOffset() + frame.compressedSize() / 2)] ^= 0x10;
    Path flipped = put(temp, "flipped.tar.zst", bytes);
    assertScanFails(flipped, "corrupt or truncated compressed data", "near uncompressed offset");
    try (BundleArchive archive = BundleArchive.open(flipped, limits())) {
      try (InputStream in = archive.openMember(large)) {
        ArchiveException e = assertThrows(ArchiveException.class, in::readAllBytes);
        assertTrue(e.getMessage().contains("corrupt or truncated compressed data"), e.getMessage());
      }
      // Members in other frames are untouched.
      assertEquals("{\"bundle\":true}", new String(archive.readMember("bundle.json", 100), StandardCharsets.UTF_8));
    }
  }

  @Test
  void anOffsetsTableThatPointsAtTheWrongPlaceIsCaught() throws Exception {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("a", "aaaa".getBytes());
    members.put("b", "bbbb".getBytes());
    members.put("c", "cccc".getBytes());

    // Swapped names: the table is self-consistent, only the tar headers tell.
    Path swapped = put(temp, "swapped.tar.zst", TestArchives.handBuilt(members, list -> List.of(
        rename(list.get(0), "b"), rename(list.get(1), "a"), list.get(2))));
    try (BundleArchive archive = BundleArchive.open(swapped, limits())) {
      MemberLocation a = archive.members().get(0);
      ArchiveException e = assertThrows(ArchiveException.class, () -> archive.openMember(a));
      assertTrue(e.getMessage().contains("places member 'b' at offset 0") && e.getMessage().contains("names 'a'"),
          e.getMessage());
      assertEquals("cccc", new String(archive.readMember("c", 10), StandardCharsets.UTF_8));
    }

    // Shifted into the middle of a member: refused before any read.
    Path shifted = put(temp, "shifted.tar.zst", TestArchives.handBuilt(members, list -> List.of(list.get(0),
        new MemberLocation("b", list.get(1).headerOffset() + 512, list.get(1).dataOffset() + 512, 4), list.get(2))));
    assertMembersFails(shifted, "member 'b' at offset 1536 does not start where the previous member ends (1024)");

    // A member left out of the table cannot hide between listed ones.
    Path hidden = put(temp, "hidden.tar.zst", TestArchives.handBuilt(members, list -> List.of(list.get(0), list.get(2))));
    assertMembersFails(hidden, "member 'c' at offset 2048 does not start where the previous member ends (1024)");
    Path lastHidden = put(temp, "lasthidden.tar.zst", TestArchives.handBuilt(members, list -> list.subList(0, 2)));
    assertMembersFails(lastHidden, "the listed members end at offset 2048 but the offsets member starts at 3072");

    // A caller-made location is re-checked the same way.
    try (BundleArchive archive = BundleArchive.open(temp.resolve("swapped.tar.zst"), limits())) {
      ArchiveException e = assertThrows(ArchiveException.class,
          () -> archive.openMember(new MemberLocation("c", 2048, 2560, 5)));
      assertTrue(e.getMessage().contains("declares 4 bytes, not 5"), e.getMessage());
      e = assertThrows(ArchiveException.class, () -> archive.openMember(new MemberLocation("c", 2000, 2512, 4)));
      assertTrue(e.getMessage().contains("places member 'c' at offset 2000"), e.getMessage());
    }
  }

  @Test
  void aSeekTableWithAbsurdValuesIsRefused() throws Exception {
    Path good = temp.resolve("good.tar.zst");
    write(good, smallFrames(), sampleMembers());
    byte[] bytes = Files.readAllBytes(good);
    int frames = ByteBuffer.wrap(bytes, bytes.length - 9, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    int entries = bytes.length - 9 - frames * 8;

    byte[] hugeCount = bytes.clone();
    ByteBuffer.wrap(hugeCount, bytes.length - 9, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7fffffff);
    assertMembersFails(put(temp, "count.tar.zst", hugeCount), "declares 2147483647 frames");
    // 10 members and 1 MiB allow at most 10 + 1 + 1 MiB / 64 KiB = 27 frames.
    ReaderLimits small = new ReaderLimits(27, 10, 1 << 20, 1 << 20);
    assertMembersFails(put(temp, "count2.tar.zst", bytes), small, "declares " + frames + " frames; between 1 and 27");

    byte[] hugeFrame = bytes.clone();
    ByteBuffer.wrap(hugeFrame, entries, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0xfffffff0);
    assertMembersFails(put(temp, "size.tar.zst", hugeFrame), "frame 0 ends at byte 4294967280, beyond the");

    byte[] hugeOutput = bytes.clone();
    ByteBuffer.wrap(hugeOutput, entries + 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0xfffffff0);
    assertMembersFails(put(temp, "out.tar.zst", hugeOutput), "frame 0 claims", "4294967280 decompressed bytes");

    byte[] zero = bytes.clone();
    ByteBuffer.wrap(zero, entries + 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0);
    assertMembersFails(put(temp, "zero.tar.zst", zero), "frame 1 claims 0 compressed");

    // Sizes moved between frames: the sums still match. Decompression runs on across frames, so a
    // frame that claims too much only costs time; one that claims too little sends the reader into
    // the middle of a member, where the tar header check stops it.
    byte[] over = bytes.clone();
    ByteBuffer b = ByteBuffer.wrap(over).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(entries + 4, b.getInt(entries + 4) + 512);
    b.putInt(entries + 12, b.getInt(entries + 12) - 512);
    try (BundleArchive archive = BundleArchive.open(put(temp, "over.tar.zst", over), limits())) {
      assertEquals(64, archive.readMember("bundle.json.sig", 100).length);
    }
    byte[] moved = bytes.clone();
    b = ByteBuffer.wrap(moved).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(entries + 4, b.getInt(entries + 4) - 512);
    b.putInt(entries + 12, b.getInt(entries + 12) + 512);
    try (BundleArchive archive = BundleArchive.open(put(temp, "moved.tar.zst", moved), limits())) {
      MemberLocation second = archive.members().get(1);
      ArchiveException e = assertThrows(ArchiveException.class, () -> archive.openMember(second));
      assertTrue(e.getMessage().contains("places member 'bundle.json.sig' at offset 1024, but no ustar tar header"),
          e.getMessage());
    }

    // Scan trusts no table: the same damaged files still scan fine.
    for (String name : List.of("count.tar.zst", "size.tar.zst", "out.tar.zst", "zero.tar.zst", "moved.tar.zst")) {
      try (BundleArchive archive = BundleArchive.open(temp.resolve(name), limits())) {
        List<String> seen = new ArrayList<>();
        archive.scan((n, s, c) -> seen.add(n));
        assertEquals(sampleMembers().size(), seen.size(), name);
      }
    }
  }

  @Test
  void aFrameDeclaringAHugeWindowIsRefused() throws Exception {
    // A hand-made frame: no content size, window descriptor 0xA0 = 2^30 bytes, one raw 1-byte block.
    byte[] frame = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x00, (byte) 0xa0, 0x09, 0x00, 0x00, 0x41};
    assertScanFails(put(temp, "w.tar.zst", frame), "corrupt or truncated compressed data", "near uncompressed offset 0",
        "windowLogMax");

    // The limit applies to real frames too: 64 KiB frames need a window of 2^16.
    Path good = temp.resolve("good.tar.zst");
    write(good, smallFrames(), Map.of("big", TestArchives.content(3, 200_000)));
    ReaderLimits tiny = new ReaderLimits(12, 1000, 1 << 30, 1 << 20);
    try (BundleArchive archive = BundleArchive.open(good, tiny)) {
      ArchiveException e = assertThrows(ArchiveException.class, () -> archive.scan((n, s, c) -> c.readAllBytes()));
      assertTrue(e.getMessage().contains("windowLogMax"), e.getMessage());
    }
  }

  // ---- bombs and limits ----

  @Test
  void moreEntriesThanTheLimitAreRefused() throws Exception {
    Map<String, byte[]> members = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      members.put("m" + i, new byte[i]);
    }
    Path bundle = temp.resolve("many.tar.zst");
    write(bundle, smallFrames(), members);
    ReaderLimits five = new ReaderLimits(27, 5, 1L << 40, 1 << 20);
    assertScanFails(bundle, five, "more than 5 entries", "entry 'm5' at offset");
    assertMembersFails(bundle, five, "lists 10 members, more than the 5 accepted");
  }

  @Test
  void moreBytesThanTheLimitAreRefused() throws Exception {
    Path bundle = temp.resolve("big.tar.zst");
    write(bundle, smallFrames(), Map.of("big", new byte[300_000]));
    ReaderLimits small = new ReaderLimits(27, 100, 200_000, 1 << 20);
    assertScanFails(bundle, small, "member 'big' at offset 0", "declares 300000 bytes, beyond the limit of 200000");
    assertMembersFails(bundle, small, "describes more than 200000 uncompressed bytes");

    // A declared size far beyond the data: no allocation, just a truncation error.
    byte[] lie = new TestArchives.Tar().raw(TarHeaders.regularFile("lie", 1L << 40)).raw(new byte[1024]).bytes();
    assertScanFails(put(temp, "lie.tar.zst", zstd(lie)), "member 'lie'", "is truncated",
        "short of its declared size 1099511627776");
  }

  @Test
  void twoHundredThousandTinyEntriesScanInBoundedTimeAndMemory() throws Exception {
    int count = 200_000;
    Path file = temp.resolve("tiny.tar.zst");
    try (var out = new com.github.luben.zstd.ZstdOutputStream(Files.newOutputStream(file), 1)) {
      for (int i = 0; i < count; i++) {
        out.write(TarHeaders.regularFile(String.format("blobs/sha256/%064x", i), 0));
      }
      out.write(new byte[1024]);
    }
    ReaderLimits enough = new ReaderLimits(27, count, 1L << 40, 1 << 20);
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long before = rt.totalMemory() - rt.freeMemory();
    long started = System.nanoTime();
    long[] seen = {0, 0};
    try (BundleArchive archive = BundleArchive.open(file, enough)) {
      archive.scan((name, size, content) -> {
        if (++seen[0] % 50_000 == 0) {
          // What the scan keeps alive (names seen, buffers), not the garbage it makes.
          System.gc();
          seen[1] = Math.max(seen[1], rt.totalMemory() - rt.freeMemory() - before);
        }
      });
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(count, seen[0]);
    assertTrue(millis < 20_000, "scan took " + millis + " ms");
    assertTrue(seen[1] < 64L << 20, "the scan kept " + (seen[1] >> 20) + " MiB alive");
    System.out.printf("200k entries: %d ms, live heap growth %d KiB%n", millis, seen[1] >> 10);

    ReaderLimits fewer = new ReaderLimits(27, 100_000, 1L << 40, 1 << 20);
    assertScanFails(file, fewer, "more than 100000 entries", String.format("'blobs/sha256/%064x'", 100_000));
  }

  // ---- the same cases as whole bundles, through the verifier the commands call ----

  static List<HostileBundles.Case> hostileBundles() throws IOException {
    return HostileBundles.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileBundles")
  void theVerifierTheCommandsUseRefusesEachHostileBundle(HostileBundles.Case hostile) throws Exception {
    Path file = put(temp, "hostile.tar.zst", hostile.bytes());
    try (BundleArchive archive = BundleArchive.open(file, limits())) {
      assertFails(() -> new BundleVerifier(List.of(), true).verify(archive, 2, n -> { }), hostile.expected());
    }
  }

  // ---- helpers ----

  /** The seek table, read and the file closed again (only what was read in memory is used). */
  private static SeekTable seekTable(Path file) throws IOException {
    try (VolumeSet volumes = VolumeSet.open(file)) {
      return SeekTable.read(volumes, limits());
    }
  }

  private static MemberLocation rename(MemberLocation m, String name) {
    return new MemberLocation(name, m.headerOffset(), m.dataOffset(), m.size());
  }

  private static byte[] commonsTar(byte linkType, String name, String target) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      TarArchiveEntry ok = new TarArchiveEntry("bundle.json");
      ok.setSize(2);
      tar.putArchiveEntry(ok);
      tar.write("{}".getBytes());
      tar.closeArchiveEntry();
      TarArchiveEntry link = new TarArchiveEntry(name, linkType);
      link.setLinkName(target);
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void assertScanFails(Path file, String... fragments) throws IOException {
    assertScanFails(file, limits(), fragments);
  }

  private static void assertScanFails(Path file, ReaderLimits limits, String... fragments) throws IOException {
    try (BundleArchive archive = BundleArchive.open(file, limits)) {
      assertFails(() -> archive.scan((name, size, content) -> content.readAllBytes()), fragments);
    }
  }

  private static void assertMembersFails(Path file, String... fragments) throws IOException {
    assertMembersFails(file, limits(), fragments);
  }

  private static void assertMembersFails(Path file, ReaderLimits limits, String... fragments) throws IOException {
    try (BundleArchive archive = BundleArchive.open(file, limits)) {
      assertFails(archive::members, fragments);
      // The failure is remembered, with the same message.
      assertFails(archive::members, fragments);
    }
  }

  private static void assertFails(Executable call, String... fragments) {
    ArchiveException e = assertThrows(ArchiveException.class, call);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
    }
  }
}
