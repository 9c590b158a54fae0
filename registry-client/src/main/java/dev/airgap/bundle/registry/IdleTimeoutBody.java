package dev.airgap.bundle.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as a blocking stream that gives up when the server sends nothing for the idle
 * timeout. The JDK's own {@code ofInputStream} waits forever for the next byte of a body, so a
 * server that stalls mid-body would hang the transfer; here the wait for each piece is bounded,
 * and a timeout cancels the exchange (closing the connection) and throws
 * {@link HttpTimeoutException}, which callers treat as a retryable network fault.
 *
 * <p>One piece is requested at a time, so at most one piece is buffered.
 */
public final class IdleTimeoutBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
  private static final Object END = new Object();

  private final Duration idle;
  private final String host;
  private final BlockingQueue<Object> pieces = new LinkedBlockingQueue<>();
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
  private Iterator<ByteBuffer> piece;
  private ByteBuffer buffer;
  private boolean ended;
  private volatile boolean closed;
  /** The client delivered the whole body (or failed): nothing to cancel, the connection is reusable. */
  private volatile boolean delivered;

  private IdleTimeoutBody(Duration idle, String host) {
    this.idle = idle;
    this.host = host;
  }

  /** A body handler whose bodies time out after {@code idle} without a byte from {@code host}. */
  public static HttpResponse.BodyHandler<InputStream> handler(Duration idle, String host) {
    return info -> new IdleTimeoutBody(idle, host);
  }

  @Override
  public CompletionStage<InputStream> getBody() {
    return CompletableFuture.completedStage(this);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (!subscription.complete(s) || closed) {
      s.cancel();
      return;
    }
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    pieces.add(item);
  }

  @Override
  public void onError(Throwable failure) {
    delivered = true;
    pieces.add(failure);
  }

  @Override
  public void onComplete() {
    delivered = true;
    pieces.add(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("the body of an answer from " + host + " was already closed");
    }
    if (len == 0) {
      return 0;
    }
    while (buffer == null || !buffer.hasRemaining()) {
      if (piece != null && piece.hasNext()) {
        buffer = piece.next();
        continue;
      }
      if (ended) {
        return -1;
      }
      if (piece != null) {
        piece = null;
        subscription.join().request(1); // the last piece is used up: ask for the next
      }
      next();
    }
    int n = Math.min(len, buffer.remaining());
    buffer.get(b, off, n);
    return n;
  }

  @SuppressWarnings("unchecked")
  private void next() throws IOException {
    Object item;
    try {
      item = pieces.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IOException("interrupted while reading from " + host, e);
    }
    if (item == null) {
      close();
      throw new HttpTimeoutException("no data from " + host + " for " + idle.toMillis() + " ms in the middle of a body");
    }
    if (item == END) {
      ended = true;
    } else if (item instanceof Throwable failure) {
      ended = true;
      throw failure instanceof IOException io ? io : new IOException(failure);
    } else {
      piece = ((List<ByteBuffer>) item).iterator();
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      // Cancelling before the end closes the connection instead of returning it to the pool
      // with an unread body on it.
      subscription.thenAccept(s -> {
        if (!delivered) {
          s.cancel();
        }
      });
    }
  }
}
