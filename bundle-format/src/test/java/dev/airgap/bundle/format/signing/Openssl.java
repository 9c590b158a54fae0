package dev.airgap.bundle.format.signing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs the system openssl through bash, so tests can use process substitution and pipes. */
final class Openssl {
  record Result(int exitCode, String output) {}

  private Openssl() {}

  /** Fails the test (rather than skipping it) when openssl is missing: interop must be shown. */
  static void requireInstalled() throws Exception {
    Result r;
    try {
      r = run(Path.of("."), "openssl version");
    } catch (IOException e) {
      fail("bash is needed to run the openssl interoperability tests: " + e.getMessage());
      return;
    }
    if (r.exitCode() != 0) {
      fail("the openssl command is needed for the interoperability tests (install the openssl "
          + "package); 'openssl version' said: " + r.output());
    }
  }

  static Result run(Path dir, String script) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", script)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + script);
    }
    return new Result(p.exitValue(), out);
  }

  /** Runs a script that must succeed and returns its output. */
  static String ok(Path dir, String script) throws Exception {
    Result r = run(dir, script);
    if (r.exitCode() != 0) {
      fail("'" + script + "' exited " + r.exitCode() + ": " + r.output());
    }
    return r.output();
  }
}
