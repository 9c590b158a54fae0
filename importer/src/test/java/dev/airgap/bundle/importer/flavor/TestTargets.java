package dev.airgap.bundle.importer.flavor;

import dev.airgap.bundle.registry.CredentialSource;
import dev.airgap.bundle.registry.RetryPolicy;
import dev.airgap.bundle.registry.config.RegistriesConfig;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * Targets as a user would write them: a registries.json with token files next to it, loaded
 * through the real config code. Adapters get no fallback credentials, so nothing from the
 * developer's own docker config can leak into a test.
 */
final class TestTargets {
  /** Real backoff, scaled down so retry tests take milliseconds. */
  static final RetryPolicy FAST =
      new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(20));

  private final Path dir;

  TestTargets(Path dir) {
    this.dir = dir;
  }

  /** Writes the {@code api-token} file. */
  TestTargets apiToken(String token) {
    write("api-token", token + "\n");
    return this;
  }

  /** Writes the {@code push.json} auth file with one entry. */
  TestTargets pushAuth(String host, String user, String password) {
    String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    write("push.json", "{\"auths\": {\"" + host + "\": {\"auth\": \"" + auth + "\"}}}");
    return this;
  }

  /** Writes a push auth file whose entry is a docker identity token. */
  TestTargets pushIdentityToken(String host, String token) {
    // As docker login writes it: the user "<token>" marks the identity token as the credential.
    String auth = Base64.getEncoder().encodeToString("<token>:".getBytes(StandardCharsets.UTF_8));
    write("push.json", "{\"auths\": {\"" + host + "\": {\"auth\": \"" + auth + "\", \"identitytoken\": \""
        + token + "\"}}}");
    return this;
  }

  /** Loads {@code {"targets": {"t": targetJson}}}; token file names are relative to the config. */
  TargetConfig target(String targetJson) {
    Path file = write("registries.json", "{\"targets\": {\"t\": " + targetJson + "}}");
    try {
      return RegistriesConfig.load(file).target("t");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FlavorAdapter adapter(TargetConfig target) {
    return FlavorAdapters.forTarget(target, CredentialSource.anonymous(), FAST);
  }

  static FlavorAdapter adapter(TargetConfig target, java.time.Duration timeout) {
    return FlavorAdapters.forTarget(target, CredentialSource.anonymous(), FAST, timeout);
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private Path write(String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
