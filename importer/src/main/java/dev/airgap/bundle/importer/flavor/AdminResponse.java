package dev.airgap.bundle.importer.flavor;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * An admin API's answer.
 *
 * @param status the HTTP status
 * @param body the start of the body as text (capped; admin answers are small)
 * @param location the Location header, for explaining a redirect
 * @param retryAfter the Retry-After header in seconds, for throttled answers
 */
record AdminResponse(int status, String body, Optional<String> location, Optional<Duration> retryAfter) {
  /** Whether the body contains {@code phrase}, ignoring case: products word errors loosely. */
  boolean bodyMentions(String phrase) {
    return body.toLowerCase(Locale.ROOT).contains(phrase.toLowerCase(Locale.ROOT));
  }
}
