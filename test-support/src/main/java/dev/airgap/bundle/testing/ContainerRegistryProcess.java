package dev.airgap.bundle.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The fallback when the {@code docker-registry} binary is absent: image {@code registry:2} with
 * the same configuration. Config and certificates are copied to the same absolute paths inside
 * the container, so the YAML needs no rewriting; storage is bind-mounted so that it outlives a
 * {@link #kill()} and stays visible as {@code storageDir()}.
 */
final class ContainerRegistryProcess implements RegistryProcess {

  private static final int CONTAINER_PORT = 5000;

  private final GenericContainer<?> container;

  private ContainerRegistryProcess(GenericContainer<?> container) {
    this.container = container;
  }

  static ContainerRegistryProcess start(RegistryConfig config, Path configFile, int hostPort,
      Path log) {
    GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("registry:2"))
        .withCopyFileToContainer(MountableFile.forHostPath(configFile, 0644),
            "/etc/docker/registry/config.yml")
        .withFileSystemBind(config.storage().toString(), config.storage().toString(),
            BindMode.READ_WRITE)
        .withLogConsumer(frame -> append(log, frame.getUtf8String()))
        .withCreateContainerCmdModifier(cmd -> {
          // A fixed loopback binding, so that a restarted registry answers on the same port.
          cmd.withExposedPorts(ExposedPort.tcp(CONTAINER_PORT));
          cmd.getHostConfig().withPortBindings(new PortBinding(
              Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), ExposedPort.tcp(CONTAINER_PORT)));
          // Run as the owner of the storage directory, so that its files stay deletable by us.
          String owner = ownerOf(config.storage());
          if (owner != null) {
            cmd.withUser(owner);
          }
        });
    for (Path file : config.inputFiles()) {
      // Readable by whichever user the registry runs as; these are throwaway test keys.
      container.withCopyFileToContainer(MountableFile.forHostPath(file, 0644), file.toString());
    }
    container.start();
    return new ContainerRegistryProcess(container);
  }

  static String listenAddress() {
    return ":" + CONTAINER_PORT;
  }

  @Override
  public boolean isAlive() {
    return container.isRunning();
  }

  @Override
  public void kill() {
    container.stop();
  }

  private static String ownerOf(Path directory) {
    try {
      return Files.getAttribute(directory, "unix:uid") + ":"
          + Files.getAttribute(directory, "unix:gid");
    } catch (UnsupportedOperationException | IOException e) {
      return null;
    }
  }

  private static void append(Path log, String text) {
    try {
      Files.writeString(log, text, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
