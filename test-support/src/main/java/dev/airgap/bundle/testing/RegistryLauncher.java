package dev.airgap.bundle.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;

/**
 * Chooses how to run the registry: the {@code docker-registry} binary if it is on the PATH, else
 * {@code registry:2} on a Docker engine, else a failure that says how to fix it. Tests never skip
 * for want of a registry, because a skipped test hides the very faults it exists to show.
 */
final class RegistryLauncher {

  static final String NOT_INSTALLED = "docker-registry is not installed: run `apt-get install -y"
      + " docker-registry` (or bin/test, which installs it), or provide a Docker engine";

  private final Optional<Path> binary;
  private final BooleanSupplier dockerAvailable;

  RegistryLauncher(Optional<Path> binary, BooleanSupplier dockerAvailable) {
    this.binary = binary;
    this.dockerAvailable = dockerAvailable;
  }

  static RegistryLauncher detect() {
    // Docker is only probed when needed: the probe is slow and logs when there is no engine.
    return new RegistryLauncher(findOnPath(System.getenv("PATH"), "docker-registry"),
        () -> DockerClientFactory.instance().isDockerAvailable());
  }

  /** Starts a registry for {@code config} on 127.0.0.1:{@code port}, logging to {@code log}. */
  RegistryProcess launch(RegistryConfig config, Path directory, int port, Path log)
      throws IOException {
    if (binary.isPresent()) {
      Path configFile = config.write(directory.resolve("registry.yml"), "127.0.0.1:" + port);
      return LocalRegistryProcess.start(binary.get(), configFile, log);
    }
    if (dockerAvailable.getAsBoolean()) {
      Path configFile = config.write(directory.resolve("registry-container.yml"),
          ContainerRegistryProcess.listenAddress());
      return ContainerRegistryProcess.start(config, configFile, port, log);
    }
    throw new IllegalStateException(NOT_INSTALLED);
  }

  static Optional<Path> findOnPath(String path, String name) {
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
