package dev.airgap.bundle.importer.ledger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * Who holds a target's lease: enough for an operator to find the process ({@code host}, {@code
 * pid}) and, in {@code id}, a random value no other run shares, which is what ownership is
 * compared by.
 */
public record LeaseOwner(String host, long pid, String id) {
  public LeaseOwner {
    Text.require(host, "host");
    Text.require(id, "id");
    if (pid < 0) {
      throw new IllegalArgumentException("pid must not be negative");
    }
  }

  /** This process, with a fresh random id. */
  public static LeaseOwner ofThisProcess() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return new LeaseOwner(host, ProcessHandle.current().pid(), UUID.randomUUID().toString());
  }

  /** "host H, pid P (run ID)", for messages. */
  public String describe() {
    return "host " + host + ", pid " + pid + " (run " + id + ")";
  }
}
