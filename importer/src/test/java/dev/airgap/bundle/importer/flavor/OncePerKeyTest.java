package dev.airgap.bundle.importer.flavor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OncePerKeyTest {
  @Test
  void waitersShareTheOneCallPerKey() throws Exception {
    OncePerKey once = new OncePerKey();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Future<?> first = pool.submit(() -> once.run("p", () -> {
        calls.incrementAndGet();
        inside.countDown();
        await(release);
      }));
      assertTrue(inside.await(10, TimeUnit.SECONDS));
      List<Future<?>> waiters = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        waiters.add(pool.submit(() -> once.run("p", calls::incrementAndGet)));
      }
      once.run("q", calls::incrementAndGet);
      assertEquals(2, calls.get(), "another key is not held up by a slow one");
      release.countDown();
      first.get();
      for (Future<?> w : waiters) {
        w.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2, calls.get());
  }

  @Test
  void failuresAreNotRemembered() {
    OncePerKey once = new OncePerKey();
    FlavorException quota = new FlavorException("over quota");
    FlavorException thrown = assertThrows(FlavorException.class, () -> once.run("p", () -> {
      throw quota;
    }));
    assertSame(quota, thrown);
    AtomicInteger calls = new AtomicInteger();
    once.run("p", calls::incrementAndGet);
    once.run("p", calls::incrementAndGet);
    assertEquals(1, calls.get());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
