package dev.airgap.bundle.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
   * Waits for the answer; after {@code idle} without progress (beyond the time the connection may
   * take) the exchange is cancelled, which closes its connection, and {@link HttpTimeoutException}
   * thrown.
   */
  <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> answer, Duration idle, String host) throws IOException {
    // The connection has its own timeout of the same length (the client's connect timeout),
    // which reports a silent host more precisely; the silence counted here starts after it.
    lastProgress.set(System.nanoTime() + idle.toNanos());
    while (true) {
      long left = idle.toNanos() - (System.nanoTime() - lastProgress.get());
      try {
        if (left <= 0) {
          throw new TimeoutException();
        }
        return answer.get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (System.nanoTime() - lastProgress.get() < idle.toNanos()) {
          continue; // the server took more of the body meanwhile
        }
        answer.cancel(true);
        throw new HttpTimeoutException("no answer from " + host + " for " + idle.toMillis() + " ms");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new IOException(cause);
      } catch (InterruptedException e) {
        answer.cancel(true);
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + host, e);
      }
    }
  }
}
