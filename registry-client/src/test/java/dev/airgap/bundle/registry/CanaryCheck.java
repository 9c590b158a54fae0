package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Asserts a secret appears nowhere: not in an exception chain, its stack trace, or log lines. */
final class CanaryCheck {
  private CanaryCheck() {}

  static void assertAbsent(String canary, Throwable failure, List<String> lines) {
    if (failure != null) {
      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      assertFalse(trace.toString().contains(canary), "the secret leaked into an exception:\n" + trace);
    }
    for (String line : lines) {
      assertFalse(line.contains(canary), "the secret leaked into a log line: " + line);
    }
  }
}
