package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.airgap.bundle.format.DigestMismatchException;
import dev.airgap.bundle.format.InvalidDigestException;
import dev.airgap.bundle.registry.CredentialsException;
import dev.airgap.bundle.registry.RegistryAuthException;
import dev.airgap.bundle.registry.RegistryException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The module exceptions land on the exit codes the architecture guide promises. */
class ModuleExceptionMappingTest {
  private static ExitCode codeOf(Throwable t) {
    return ExitCodes.defaults().classify(t).exitCode();
  }

  @Test
  void integrityFailuresAreVerificationFailures() {
    assertEquals(ExitCode.VERIFICATION_FAILED, codeOf(new DigestMismatchException("blob x has digest y")));
    assertEquals(ExitCode.VERIFICATION_FAILED, codeOf(new InvalidDigestException("sha256:../x")));
  }

  @Test
  void registryFailuresAreRegistryFailuresEvenWhenWrapped() {
    assertEquals(ExitCode.REGISTRY, codeOf(new RegistryException("pull manifest h/r:t failed: HTTP 503", 503, null, null)));
    assertEquals(ExitCode.REGISTRY, codeOf(new CompletionException(new RegistryAuthException("denied", 403, "DENIED"))));
  }

  @Test
  void adminApiFailuresAreRegistryFailures() {
    assertEquals(ExitCode.REGISTRY, codeOf(new dev.airgap.bundle.importer.flavor.FlavorException("quota exceeded")));
  }

  @Test
  void unusablePullSettingsAreAPlainFailure() {
    assertEquals(ExitCode.FAILURE, codeOf(new dev.airgap.bundle.importer.pull.PullSecretException("target t has no pull section")));
  }

  @Test
  void unreadableCredentialsAreAPlainFailure() {
    assertEquals(ExitCode.FAILURE, codeOf(new CredentialsException("could not read the token file f for h")));
  }
}
