package dev.airgap.bundle.testing;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;

/** {@code docker-registry serve CONFIG} as a child process, its output appended to the log. */
final class LocalRegistryProcess implements RegistryProcess {

  private final Process process;

  private LocalRegistryProcess(Process process) {
    this.process = process;
  }

  static LocalRegistryProcess start(Path binary, Path config, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(binary.toString(), "serve", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile()));
    // The registry lets REGISTRY_* variables override any config key; a developer's shell must
    // not change the registry a test asked for.
    builder.environment().keySet().removeIf(name -> name.startsWith("REGISTRY_"));
    return new LocalRegistryProcess(builder.start());
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
