package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Locks the one-way module graph of the architecture guide: each module may depend only on the
 * modules listed here (test-scoped test-support aside), so an arrow pointing back fails the build.
 */
class ModuleGraphTest {
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "bundle-format", Set.of(),
      "test-support", Set.of(),
      "registry-client", Set.of("bundle-format"),
      "exporter", Set.of("bundle-format", "registry-client"),
      "importer", Set.of("bundle-format", "registry-client"),
      "cli", Set.of("bundle-format", "registry-client", "exporter", "importer"),
      "samples", Set.of());

  private static final Pattern DEPENDENCY = Pattern.compile(
      "<dependency>\\s*<groupId>dev\\.airgap</groupId>\\s*<artifactId>([^<]+)</artifactId>(.*?)</dependency>",
      Pattern.DOTALL);

  @Test
  void modulesDependOnlyDownward() throws Exception {
    Path root = Path.of("").toAbsolutePath().getParent();
    for (var entry : ALLOWED.entrySet()) {
      String pom = Files.readString(root.resolve(entry.getKey()).resolve("pom.xml"));
      Set<String> actual = new TreeSet<>();
      Matcher m = DEPENDENCY.matcher(pom);
      while (m.find()) {
        boolean testScoped = m.group(2).contains("<scope>test</scope>");
        if (!(testScoped && m.group(1).equals("test-support"))) {
          actual.add(m.group(1));
        }
      }
      assertEquals(new TreeSet<>(entry.getValue()), actual, "dependencies of " + entry.getKey());
    }
  }
}
