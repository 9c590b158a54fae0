package dev.airgap.bundle.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the wait for an answer's headers by silence rather than by total time: while a request
 * body is being taken by the server the clock restarts with every read of it, so a large upload
 * may take as long as it needs, but a server that stops taking the body, or that never answers
 * once it has it, is given up on after the idle timeout.
 */
final class ExchangeWatch {
  private final AtomicLong lastProgress = new AtomicLong(System.nanoTime());

  /** {@code body}, counting every read of it as progress. */
  InputStream counting(InputStream body) {
    return new FilterInputStream(body) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        lastProgress.set(System.nanoTime());
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        lastProgress.set(System.nanoTime());
        return n;
      }
    };
  }

  /**
   * Sends {@code request} on the calling thread and waits for the answer's headers; after {@code
   * idle} without progress (beyond the time the connection may take) the exchange is cancelled,
   * which closes its connection, and {@link HttpTimeoutException} thrown.
   *
   * <p>Synchronous on purpose: {@code HttpClient.sendAsync} completes every answer through the
   * common pool, which on a machine with two CPUs or fewer starts a new thread per request. The
   * blocking {@code send} has no such hop; a shared watchdog interrupts it instead, which makes the
   * JDK cancel the exchange.
   */
  <T> HttpResponse<T> send(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> handler, Duration idle,
      String host) throws IOException {
    // The connection has its own timeout of the same length (the client's connect timeout),
    // which reports a silent host more precisely; the silence counted here starts after it.
    lastProgress.set(System.nanoTime() + idle.toNanos());
    Exchange exchange = new Exchange(Thread.currentThread(), idle);
    exchange.watchIn(2 * idle.toNanos());
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      if (exchange.finish()) {
        throw new HttpTimeoutException("no answer from " + host + " for " + idle.toMillis() + " ms");
      }
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + host, e);
    } catch (IOException | RuntimeException e) {
      if (exchange.finish()) {
        throw new HttpTimeoutException("no answer from " + host + " for " + idle.toMillis() + " ms");
      }
      throw e;
    } finally {
      exchange.finish();
    }
  }

  /** One exchange under watch: the watchdog interrupts its thread only while it is still waiting. */
  private final class Exchange {
    private final Thread waiter;
    private final long idleNanos;
    private boolean finished;
    private boolean timedOut;
    private ScheduledFuture<?> check;

    Exchange(Thread waiter, Duration idle) {
      this.waiter = waiter;
      this.idleNanos = idle.toNanos();
    }

    synchronized void watchIn(long nanos) {
      if (!finished) {
        check = WATCHDOG.schedule(this::check, Math.max(1, nanos), TimeUnit.NANOSECONDS);
      }
    }

    private synchronized void check() {
      if (finished) {
        return;
      }
      long silent = System.nanoTime() - lastProgress.get();
      if (silent < idleNanos) {
        watchIn(idleNanos - silent); // the server took more of the body meanwhile
        return;
      }
      timedOut = true;
      waiter.interrupt();
    }

    /**
     * Ends the watch; returns whether the watchdog gave up on the exchange, in which case its
     * interrupt is cleared from the waiting thread (it was ours, not the caller's).
     */
    synchronized boolean finish() {
      if (!finished) {
        finished = true;
        if (check != null) {
          check.cancel(false);
        }
      }
      if (timedOut) {
        Thread.interrupted();
      }
      return timedOut;
    }
  }

  /** One daemon thread watches every exchange of the process. */
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "bundle-http-watchdog");
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
