package dev.airgap.bundle.importer.ledger;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Who holds a target's lease: enough for an operator to find the process ({@code host}, {@code
 * pid}) and, in {@code id}, a random value no other run shares, which is what ownership is
 * compared by.
 *
 * @param pidNamespace the holder's process-id namespace ({@code /proc/self/ns/pid}), or empty
 *     when unknown: only another process on the same host in the same namespace may look its
 *     pid up, since containers sharing a host name have pids of their own
 */
public record LeaseOwner(String host, long pid, String id, String pidNamespace) {
  private static final Path PID_NAMESPACE = Path.of("/proc/self/ns/pid");

  public LeaseOwner {
    Text.require(host, "host");
    Text.require(id, "id");
    if (pid < 0) {
      throw new IllegalArgumentException("pid must not be negative");
    }
    if (pidNamespace == null) {
      throw new IllegalArgumentException("pidNamespace must not be null");
    }
  }

  /** An owner whose pid namespace is unknown, so it is never judged dead by its pid. */
  public LeaseOwner(String host, long pid, String id) {
    this(host, pid, id, "");
  }

  /** This process, with a fresh random id. */
  public static LeaseOwner ofThisProcess() {
    return new LeaseOwner(localHost(), ProcessHandle.current().pid(), UUID.randomUUID().toString(),
        localPidNamespace().orElse(""));
  }

  /**
   * Whether this owner is a process on this machine that no longer runs (or whose pid now names
   * a process started after {@code acquiredAt}): its lease can be taken over without waiting.
   */
  public boolean provablyGoneAt(Instant acquiredAt) {
    if (pidNamespace.isEmpty() || !host.equals(localHost()) || !pidNamespace.equals(localPidNamespace().orElse(null))) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    return process.get().info().startInstant().map(started -> started.isAfter(acquiredAt)).orElse(false);
  }

  /** "host H, pid P (run ID)", for messages. */
  public String describe() {
    return "host " + host + ", pid " + pid + " (run " + id + ")";
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }

  private static Optional<String> localPidNamespace() {
    try {
      return Optional.of(Files.readSymbolicLink(PID_NAMESPACE).toString());
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }
}
