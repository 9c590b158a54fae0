package dev.airgap.bundle.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes an htpasswd file with the {@code htpasswd} tool (apache2-utils): distribution only
 * accepts bcrypt entries, which the JDK cannot make.
 */
final class Htpasswd {

  private Htpasswd() {}

  static Path write(Path file, String username, String password) throws IOException {
    return Files.write(file, entry(username, password));
  }

  /**
   * Adds a user to an existing file, replacing any entry of the same name. The new file is moved
   * into place, so a registry reading it sees the old or the new list, never half of one.
   */
  static void add(Path file, String username, String password) throws IOException {
    if (username.isEmpty() || username.contains(":") || username.contains("\n")) {
      throw new IllegalArgumentException("'" + username + "' cannot be an htpasswd user");
    }
    StringBuilder kept = new StringBuilder();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith(username + ":")) {
        kept.append(line).append('\n');
      }
    }
    Path temp = file.resolveSibling(file.getFileName() + ".new");
    Files.write(temp, kept.toString().getBytes(StandardCharsets.UTF_8));
    Files.write(temp, entry(username, password), StandardOpenOption.APPEND);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** One {@code user:bcrypt} line, with its newline. */
  private static byte[] entry(String username, String password) throws IOException {
    Process process;
    try {
      // -i reads the password from stdin, keeping it off the command line; cost 5 keeps it quick.
      process = new ProcessBuilder("htpasswd", "-n", "-B", "-C", "5", "-i", username).start();
    } catch (IOException e) {
      throw new IOException(
          "htpasswd is not installed: run `apt-get install -y apache2-utils`", e);
    }
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(password.getBytes(StandardCharsets.UTF_8));
    }
    byte[] entry = process.getInputStream().readAllBytes();
    String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0) {
        throw new IOException("htpasswd failed: " + errors);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running htpasswd", e);
    }
    return entry;
  }
}
