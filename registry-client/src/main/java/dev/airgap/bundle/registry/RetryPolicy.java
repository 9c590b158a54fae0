package dev.airgap.bundle.registry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded retries with exponential backoff and full jitter.
 *
 * @param maxAttempts total tries including the first
 * @param initialDelay delay ceiling before the second try; doubles each time
 * @param maxDelay upper bound on any computed delay
 * @param retryAfterCap a server's {@code Retry-After} is honoured up to this long
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, Duration maxDelay, Duration retryAfterCap) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  public static RetryPolicy standard() {
    return new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofSeconds(60));
  }

  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  /** The wait before try number {@code attempt + 1}, given the server's hint if it sent one. */
  public Duration delayAfter(int attempt, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(retryAfterCap) > 0 ? retryAfterCap : retryAfter;
    }
    long ceiling = initialDelay.toMillis() << Math.min(attempt - 1, 20);
    ceiling = Math.min(Math.max(ceiling, 1), maxDelay.toMillis());
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
  }

  /** Whether an HTTP status is worth another try: timeouts, throttling and server errors. */
  public static boolean isRetryableStatus(int status) {
    return status == 408 || status == 429 || (status >= 500 && status <= 599 && status != 501);
  }
}
