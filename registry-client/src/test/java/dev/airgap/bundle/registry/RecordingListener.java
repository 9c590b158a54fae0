package dev.airgap.bundle.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event as a line of text, so tests can look at what a user would see logged. */
final class RecordingListener implements RegistryListener {
  private final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void answered(String method, URI uri, int status) {
    lines.add(method + " " + uri + " -> " + status);
  }

  @Override
  public void retrying(String operation, int attempt, Duration delay, String reason) {
    lines.add("retry " + attempt + " of " + operation + " in " + delay + ": " + reason);
  }

  @Override
  public void resuming(String operation, long offset) {
    lines.add("resume " + operation + " at " + offset);
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  long count(String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).count();
  }
}
