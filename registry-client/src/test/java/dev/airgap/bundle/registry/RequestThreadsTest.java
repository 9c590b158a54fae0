package dev.airgap.bundle.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.testing.RegistryExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A request costs no thread of its own. The JDK's {@code HttpClient.sendAsync} hands every answer
 * to the common pool, which on a machine with two CPUs or fewer is a new thread per task: an import
 * of a thousand images started thousands of threads (and the memory they leave behind).
 */
class RequestThreadsTest {
  @RegisterExtension static RegistryExtension registry = RegistryExtension.anonymous();

  private final RegistryClient client =
      RegistryClient.builder(RegistrySettings.secure(registry.host()).withPlainHttp(true)).build();

  @Test
  void manyRequestsStartOnlyAFewThreads() {
    Digest absent = Digest.sha256(new byte[] {42});
    client.blobExists("threads/warm-up", absent); // the client's own worker threads start once
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long before = threads.getTotalStartedThreadCount();
    for (int i = 0; i < 200; i++) {
      assertFalse(client.blobExists("threads/probe", absent));
    }
    long started = threads.getTotalStartedThreadCount() - before;
    assertTrue(started < 20, "200 requests started " + started + " threads");
  }
}
