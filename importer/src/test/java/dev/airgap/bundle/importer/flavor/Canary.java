package dev.airgap.bundle.importer.flavor;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Secrets that tests plant so they can prove the secret is never shown. */
final class Canary {
  static final String TOKEN = "canary-token-7f3a9c";
  static final String USER = "mirror-bot";
  static final String PASSWORD = "canary-password-b41e2d";

  private Canary() {}

  /** No canary, plain or as a Basic header, appears in the exception, its causes or its trace. */
  static void assertAbsent(Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    String basic = TestTargets.basic(USER, PASSWORD).substring("Basic ".length());
    for (String canary : List.of(TOKEN, PASSWORD, basic)) {
      assertFalse(trace.toString().contains(canary), "a secret leaked into an exception:\n" + trace);
    }
  }
}
