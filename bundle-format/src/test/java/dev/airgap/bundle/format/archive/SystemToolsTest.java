package dev.airgap.bundle.format.archive;

import static dev.airgap.bundle.format.archive.TestArchives.limits;
import static dev.airgap.bundle.format.archive.TestArchives.sampleMembers;
import static dev.airgap.bundle.format.archive.TestArchives.smallFrames;
import static dev.airgap.bundle.format.archive.TestArchives.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle is a plain tar.zst: the system's zstd and GNU tar read it, and we read theirs. */
class SystemToolsTest {
  @TempDir Path temp;

  @Test
  void zstdDecompressesTheBundleToThePaxTarStream() throws Exception {
    Path out = temp.resolve("b.tar.zst");
    Map<String, byte[]> members = sampleMembers();
    write(out, smallFrames(), members);
    Path tar = temp.resolve("b.tar");
    run(List.of("zstd", "-q", "-d", "-f", out.toString(), "-o", tar.toString()));
    byte[] stream = Files.readAllBytes(tar);
    try (BundleArchive archive = BundleArchive.open(out, limits())) {
      for (MemberLocation m : archive.members()) {
        byte[] expected = members.get(m.name());
        byte[] atOffset = java.util.Arrays.copyOfRange(stream, (int) m.dataOffset(), (int) (m.dataOffset() + m.size()));
        assertArrayEquals(expected, atOffset, "bytes at the offsets table's dataOffset of " + m.name());
      }
    }
    run(List.of("zstd", "-q", "-t", out.toString()));
  }

  @Test
  void gnuTarListsAndExtractsEveryMember() throws Exception {
    Path out = temp.resolve("b.tar.zst");
    Map<String, byte[]> members = sampleMembers();
    write(out, smallFrames().withSplitSize(0), members);
    String listing = run(List.of("tar", "--zstd", "-tvf", out.toString()));
    List<String> names = new ArrayList<>(members.keySet());
    names.add(BundleArchive.OFFSETS_MEMBER);
    List<String> lines = listing.lines().toList();
    assertEquals(names.size(), lines.size(), listing);
    for (int i = 0; i < names.size(); i++) {
      assertTrue(lines.get(i).startsWith("-rw-r--r--"), lines.get(i));
      assertTrue(lines.get(i).endsWith(" " + names.get(i)), lines.get(i) + " should name " + names.get(i));
    }
    Path dir = Files.createDirectory(temp.resolve("x"));
    String warnings = run(List.of("tar", "--zstd", "-xf", out.toString(), "-C", dir.toString()));
    assertEquals("", warnings.strip(), "tar prints nothing");
    for (Map.Entry<String, byte[]> e : members.entrySet()) {
      assertArrayEquals(e.getValue(), Files.readAllBytes(dir.resolve(e.getKey())), e.getKey());
    }
  }

  @Test
  void gnuTarReadsSplitVolumesConcatenated() throws Exception {
    byte[] random = new byte[2_500_000];
    new java.util.Random(3).nextBytes(random);
    Path split = temp.resolve("s.tar.zst");
    List<Path> volumes = write(split, smallFrames().withSplitSize(1024 * 1024), Map.of("bundle.json", random));
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", "cat \"$@\" | zstd -d | tar -xf - -C " + temp.resolve("y"), "sh"));
    Files.createDirectory(temp.resolve("y"));
    volumes.forEach(v -> cmd.add(v.toString()));
    run(cmd);
    assertArrayEquals(random, Files.readAllBytes(temp.resolve("y/bundle.json")));
  }

  @Test
  void scanReadsWhatGnuTarAndZstdWrote() throws Exception {
    Path src = Files.createDirectory(temp.resolve("src"));
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("bundle.json", "{}".getBytes(StandardCharsets.UTF_8));
    files.put("blob-with-a-rather-long-name-" + "z".repeat(90), TestArchives.content(4, 5000));
    files.put("empty", new byte[0]);
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Files.write(src.resolve(e.getKey()), e.getValue());
    }
    for (String format : List.of("posix", "gnu")) {
      Path out = temp.resolve(format + ".tar.zst");
      List<String> cmd = new ArrayList<>(List.of("tar", "--format=" + format, "--zstd", "-cf", out.toString(), "-C",
          src.toString()));
      cmd.addAll(files.keySet());
      run(cmd);
      try (BundleArchive archive = BundleArchive.open(out, limits())) {
        Map<String, byte[]> seen = new LinkedHashMap<>();
        archive.scan((name, size, content) -> seen.put(name, content.readAllBytes()));
        assertEquals(new ArrayList<>(files.keySet()), new ArrayList<>(seen.keySet()), format);
        files.forEach((n, b) -> assertArrayEquals(b, seen.get(n), n));
        ArchiveException e = assertThrows(ArchiveException.class, archive::members);
        assertTrue(e.getMessage().contains("does not end with a zstd seek table"), e.getMessage());
      }
    }
    // tar of a directory includes the directory entry itself: refused.
    Path withDir = temp.resolve("dir.tar.zst");
    run(List.of("tar", "--zstd", "-cf", withDir.toString(), "-C", temp.toString(), "src"));
    try (BundleArchive archive = BundleArchive.open(withDir, limits())) {
      ArchiveException e = assertThrows(ArchiveException.class, () -> archive.scan((n, s, c) -> { }));
      assertTrue(e.getMessage().contains("'src/' at offset 0") && e.getMessage().contains("is a directory"),
          e.getMessage());
    }
  }

  /** Runs a command, returns its combined output; fails clearly if the tool is missing or fails. */
  static String run(List<String> command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      fail("this test needs '" + command.get(0) + "' on the PATH (GNU tar built with zstd support, and zstd): "
          + e.getMessage());
      return null;
    }
    p.getOutputStream().close();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(output);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(command + " did not finish");
    }
    String text = output.toString(StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      fail(command + " failed with exit code " + p.exitValue() + ":\n" + text);
    }
    return text;
  }
}
