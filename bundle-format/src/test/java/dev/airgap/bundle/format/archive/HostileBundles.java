package dev.airgap.bundle.format.archive;

import static dev.airgap.bundle.format.archive.TestArchives.seekable;
import static dev.airgap.bundle.format.archive.TestArchives.zstd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hostile-archive cases of {@link HostileArchiveTest} as whole bundle files, shaped so that the
 * readers the commands use ({@code bundle verify}, {@code bundle import}: seek table, offsets table,
 * tar header re-check) meet the hostile part itself, not just a missing table. Shared with the cli
 * tests through this module's test jar, so both run the same bytes.
 */
public final class HostileBundles {
  /**
   * One hostile bundle.
   *
   * @param name what it is, for test names
   * @param bytes the bundle file
   * @param expected a fragment the refusal must contain
   */
  public record Case(String name, byte[] bytes, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private HostileBundles() {}

  public static List<Case> all() throws IOException {
    List<Case> cases = new ArrayList<>();
    // Entry types: bundle.json itself is not a regular file, though the offsets table says it is.
    cases.add(typed("symbolic link", (byte) '2', "/etc/passwd", "the tar header there is a symbolic link to '/etc/passwd'"));
    cases.add(typed("hard link", (byte) '1', "blobs/sha256/x", "the tar header there is a hard link to 'blobs/sha256/x'"));
    cases.add(typed("character device", (byte) '3', "", "the tar header there is a character device"));
    cases.add(typed("block device", (byte) '4', "", "the tar header there is a block device"));
    cases.add(typed("directory", (byte) '5', "", "the tar header there is a directory"));
    cases.add(typed("fifo", (byte) '6', "", "the tar header there is a FIFO"));
    // Names.
    cases.add(named("dot-dot name", "../x", "a '..' segment"));
    cases.add(named("nested dot-dot name", "blobs/../../x", "a '..' segment"));
    cases.add(named("absolute name", "/etc/x", "an absolute path"));
    cases.add(named("backslash name", "blobs\\x", "a backslash"));
    Map<String, byte[]> two = new LinkedHashMap<>();
    two.put("bundle.json", "{}".getBytes(StandardCharsets.UTF_8));
    two.put("oci-layout", "{}".getBytes(StandardCharsets.UTF_8));
    cases.add(new Case("duplicate member", TestArchives.handBuilt(two, list -> List.of(list.get(0),
        new MemberLocation("bundle.json", list.get(1).headerOffset(), list.get(1).dataOffset(), list.get(1).size()))),
        "duplicate member 'bundle.json'"));
    // Decompression bombs and caps.
    cases.add(new Case("huge zstd window", hugeWindow(), "windowLogMax"));
    cases.add(new Case("more frames than the entry cap allows", frameCount(0x7fffffff), "declares 2147483647 frames"));
    cases.add(new Case("more bytes than the byte cap allows", overTotal(), "describes more than 4398046511104"
        + " uncompressed bytes"));
    // An offsets table larger than its cap for the frames there are: refused before it is parsed.
    cases.add(new Case("offsets table over its cap", paddedTable(), "bundle.offsets.json of"));
    // What a plain tar | zstd holds is never read at random: no seek table, no reading.
    cases.add(new Case("plain tar.zst with a link", zstd(new TestArchives.Tar().file("bundle.json", new byte[2])
        .entry("evil", new byte[0], (byte) '2', "/etc/passwd").end()), "does not end with a zstd seek table"));
    return cases;
  }

  /** bundle.json's tar header has {@code type}; the offsets table lists it as an empty regular file. */
  private static Case typed(String name, byte type, String link, String expected) {
    byte[] frame = new TestArchives.Tar().entry("bundle.json", new byte[0], type, link).bytes();
    List<MemberLocation> table = List.of(new MemberLocation("bundle.json", 0, TarHeaders.BLOCK, 0));
    return new Case(name, withTable(List.of(frame), table), expected);
  }

  /** A bundle whose second member has an unsafe name, in its tar header and its offsets entry alike. */
  private static Case named(String name, String member, String expected) throws IOException {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("bundle.json", "{}".getBytes(StandardCharsets.UTF_8));
    members.put(member, "x".getBytes(StandardCharsets.UTF_8));
    return new Case(name, TestArchives.handBuilt(members, list -> list), expected);
  }

  /** The first frame declares a 1 GiB window (no content size, one raw byte), beyond windowLogMax 27. */
  private static byte[] hugeWindow() throws IOException {
    byte[] frame = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x00, (byte) 0xa0, 0x09, 0x00, 0x00, 0x41};
    byte[] offsets = OffsetsTable.encode(List.of(new MemberLocation("bundle.json", 0, TarHeaders.BLOCK, 0)));
    byte[] last = zstd(new TestArchives.Tar().file(OffsetsTable.NAME, offsets).end());
    IntList compressed = new IntList();
    IntList decompressed = new IntList();
    compressed.add(frame.length);
    decompressed.add(TarHeaders.BLOCK); // what the header block would take; the frame is refused first
    compressed.add(last.length);
    decompressed.add(new TestArchives.Tar().file(OffsetsTable.NAME, offsets).end().length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(frame);
    out.writeBytes(last);
    out.writeBytes(SeekTable.encode(compressed, decompressed));
    return out.toByteArray();
  }

  /** A good small bundle whose seek table then claims {@code frames} frames. */
  private static byte[] frameCount(int frames) throws IOException {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("bundle.json", "{}".getBytes(StandardCharsets.UTF_8));
    byte[] bytes = TestArchives.handBuilt(members, list -> list);
    ByteBuffer.wrap(bytes, bytes.length - 9, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(frames);
    return bytes;
  }

  /** 4097 one-byte frames that each claim 1 GiB: more than the 4 TiB the reader accepts in all. */
  private static byte[] overTotal() {
    int frames = 4097;
    IntList compressed = new IntList();
    IntList decompressed = new IntList();
    for (int i = 0; i < frames; i++) {
      compressed.add(1);
      decompressed.add(1 << 30);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[frames]);
    out.writeBytes(SeekTable.encode(compressed, decompressed));
    return out.toByteArray();
  }

  /** One member, and an offsets table padded with whitespace past 1 KiB per frame. */
  private static byte[] paddedTable() throws IOException {
    byte[] frame = new TestArchives.Tar().file("bundle.json", "{}".getBytes(StandardCharsets.UTF_8)).bytes();
    byte[] json = OffsetsTable.encode(List.of(new MemberLocation("bundle.json", 0, TarHeaders.BLOCK, 2)));
    byte[] padded = java.util.Arrays.copyOf(json, OffsetsTable.MAX_FRAME_BYTES + OffsetsTable.MAX_ENTRY_BYTES + 1);
    java.util.Arrays.fill(padded, json.length, padded.length, (byte) ' ');
    return seekable(List.of(frame, new TestArchives.Tar().file(OffsetsTable.NAME, padded).end()));
  }

  /** Frames as given (each compressed alone), then a final frame with {@code table} as offsets member. */
  private static byte[] withTable(List<byte[]> frames, List<MemberLocation> table) {
    try {
      List<byte[]> all = new ArrayList<>(frames);
      all.add(new TestArchives.Tar().file(OffsetsTable.NAME, OffsetsTable.encode(table)).end());
      return seekable(all);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
