package dev.airgap.bundle.registry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --config, then $BUNDLE_CONFIG, then ./registries.json, then ~/.config/bundle/registries.json. */
class LocateTest {
  @TempDir Path dir;
  Path cwd;
  Path home;

  @BeforeEach
  void dirs() throws Exception {
    cwd = Files.createDirectories(dir.resolve("work"));
    home = Files.createDirectories(dir.resolve("home"));
  }

  @Test
  void explicitWinsOverEverything() throws Exception {
    Path explicit = touch(dir.resolve("explicit.json"));
    Path env = touch(dir.resolve("env.json"));
    touch(cwd.resolve("registries.json"));
    touch(home.resolve(".config/bundle/registries.json"));
    assertEquals(Optional.of(explicit), locate(explicit, Map.of("BUNDLE_CONFIG", env.toString())));
  }

  @Test
  void relativeExplicitPathsAreRelativeToTheWorkingDirectory() throws Exception {
    Path file = touch(cwd.resolve("conf/mine.json"));
    assertEquals(Optional.of(file), locate(Path.of("conf/mine.json"), Map.of()));
  }

  @Test
  void environmentWinsOverTheDefaults() throws Exception {
    Path env = touch(dir.resolve("env.json"));
    touch(cwd.resolve("registries.json"));
    assertEquals(Optional.of(env), locate(null, Map.of("BUNDLE_CONFIG", env.toString())));
  }

  @Test
  void workingDirectoryWinsOverHome() throws Exception {
    Path local = touch(cwd.resolve("registries.json"));
    touch(home.resolve(".config/bundle/registries.json"));
    assertEquals(Optional.of(local), locate(null, Map.of("BUNDLE_CONFIG", "  ")));
  }

  @Test
  void homeIsTheLastResort() throws Exception {
    Path user = touch(home.resolve(".config/bundle/registries.json"));
    assertEquals(Optional.of(user), locate(null, Map.of()));
  }

  @Test
  void xdgConfigHomeReplacesDotConfig() throws Exception {
    Path xdg = Files.createDirectories(dir.resolve("xdg"));
    touch(home.resolve(".config/bundle/registries.json"));
    assertEquals(Optional.empty(), locate(null, Map.of("XDG_CONFIG_HOME", xdg.toString())));
    Path inXdg = touch(xdg.resolve("bundle/registries.json"));
    assertEquals(Optional.of(inXdg), locate(null, Map.of("XDG_CONFIG_HOME", xdg.toString())));
  }

  @Test
  void noFileAnywhereIsFine() throws Exception {
    assertEquals(Optional.empty(), locate(null, Map.of()));
    assertTrue(RegistriesConfig.locateAndLoad(null, Map.of(), cwd, home).targets().isEmpty());
  }

  @Test
  void aNamedFileThatDoesNotExistIsAnError() {
    ConfigException explicit = assertThrows(ConfigException.class, () -> locate(Path.of("nope.json"), Map.of()));
    assertTrue(explicit.getMessage().contains("given with --config does not exist"), explicit.getMessage());
    assertTrue(explicit.getMessage().contains(cwd.resolve("nope.json").toString()), explicit.getMessage());

    ConfigException env = assertThrows(ConfigException.class,
        () -> locate(null, Map.of("BUNDLE_CONFIG", dir.resolve("gone.json").toString())));
    assertTrue(env.getMessage().contains("named by $BUNDLE_CONFIG does not exist"), env.getMessage());

    ConfigException directory = assertThrows(ConfigException.class, () -> locate(dir, Map.of()));
    assertTrue(directory.getMessage().contains("is not a regular file"), directory.getMessage());
  }

  private Optional<Path> locate(Path explicit, Map<String, String> env) {
    return RegistriesConfig.locate(explicit, env, cwd, home);
  }

  private static Path touch(Path p) throws Exception {
    Files.createDirectories(p.getParent());
    return Files.writeString(p, "{}");
  }
}
