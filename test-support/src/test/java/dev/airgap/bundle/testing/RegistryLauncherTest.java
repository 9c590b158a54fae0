package dev.airgap.bundle.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryLauncherTest {

  @TempDir
  Path directory;

  @Test
  void failsWithInstructionsWhenNeitherBinaryNorDockerExists() {
    RegistryLauncher launcher = new RegistryLauncher(Optional.empty(), () -> false);
    RegistryConfig config = new RegistryConfig(directory, "secret", null, null, null, null);

    IllegalStateException failure = assertThrows(IllegalStateException.class,
        () -> launcher.launch(config, directory, 5000, directory.resolve("registry.log")));

    assertEquals("docker-registry is not installed: run `apt-get install -y docker-registry`"
        + " (or bin/test, which installs it), or provide a Docker engine", failure.getMessage());
  }

  @Test
  void findsOnlyAnExecutableOnThePath() throws IOException {
    Path notExecutable = Files.createDirectories(directory.resolve("a"));
    Path executable = Files.createDirectories(directory.resolve("b"));
    Files.createFile(notExecutable.resolve("docker-registry"));
    Files.createFile(executable.resolve("docker-registry"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    String path = notExecutable + File.pathSeparator + executable;

    assertEquals(Optional.of(executable.resolve("docker-registry")),
        RegistryLauncher.findOnPath(path, "docker-registry"));
    assertEquals(Optional.empty(), RegistryLauncher.findOnPath(notExecutable.toString(),
        "docker-registry"));
  }
}
