package dev.airgap.bundle.registry;

import dev.airgap.bundle.format.Digest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Uploads one blob into one repository: optional cross-repository mount, then monolithic or
 * chunked upload into a session, finished by {@code PUT ?digest=} and checked against {@code
 * Docker-Content-Digest}.
 *
 * <p>A session that broke (reset, 5xx) may hold part of the body, so the same bytes are never
 * blindly re-sent into it. A chunked upload first asks the session where it stands; anything else
 * starts a fresh session, after checking whether the blob arrived after all.
 */
final class BlobUpload {
  private final Transport transport;
  private final String repository;
  private final Digest digest;
  private final BodySource body;
  private final String target;
  private final Set<String> scopes;

  BlobUpload(Transport transport, String repository, Digest digest, BodySource body) {
    this.transport = transport;
    this.repository = repository;
    this.digest = digest;
    this.body = body;
    this.target = transport.settings().host() + "/" + repository + "@" + digest;
    this.scopes = Set.of(Scopes.push(repository));
  }

  /** Mounts from {@code fromRepository} when given and possible, else uploads. */
  MountResult run(String fromRepository, long chunkSize) {
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(attempt == 1 ? fromRepository : null, chunkSize);
      } catch (RegistryException e) {
        boolean transientFault = e.status() == 0 || RetryPolicy.isRetryableStatus(e.status()) || e.status() == 416;
        if (!transientFault || e instanceof RegistryAuthException || attempt >= transport.retry().maxAttempts()) {
          throw e;
        }
        if (arrived()) {
          return MountResult.UPLOADED;
        }
        var delay = transport.retry().delayAfter(attempt, null);
        transport.listener().retrying("push blob " + target, attempt, delay, e.getMessage());
        Transport.sleep(delay);
      }
    }
  }

  private MountResult attempt(String fromRepository, long chunkSize) {
    URI start = transport.base().resolve("/v2/" + repository + "/blobs/uploads/");
    Call post;
    if (fromRepository != null) {
      URI mount = URI.create(start + "?mount=" + enc(digest.toString()) + "&from=" + enc(fromRepository));
      post = Call.of("mount blob", target, "POST", mount, Set.of(Scopes.push(repository), Scopes.pull(fromRepository)));
    } else {
      post = Call.of("start blob upload", target, "POST", start, scopes);
    }
    URI session;
    try (Response answer = transport.expect(post, 201, 202)) {
      if (answer.status() == 201) {
        BlobDownload.checkDigestHeader(post, answer, digest);
        return MountResult.MOUNTED;
      }
      session = location(post, answer);
    }
    if (chunkSize <= 0 || body.length() <= chunkSize) {
      finish(session, 0, body.length());
    } else {
      uploadChunks(session, chunkSize);
    }
    return MountResult.UPLOADED;
  }

  private void uploadChunks(URI session, long chunkSize) {
    long offset = 0;
    long length = body.length();
    int recoveries = 0;
    while (offset < length) {
      long chunk = Math.min(chunkSize, length - offset);
      Call patch =
          Call.of("upload blob chunk", target, "PATCH", session, scopes)
              .header("Content-Type", "application/octet-stream")
              .header("Content-Range", offset + "-" + (offset + chunk - 1))
              .body(body, offset, chunk)
              .notIdempotent();
      Response answer = transport.send(patch);
      if (answer.status() == 202) {
        // 202 means the whole chunk was taken; the session continues at the new Location.
        session = location(patch, answer);
        offset += chunk;
        answer.close();
        continue;
      }
      if (answer.status() == 416 && recoveries++ < transport.retry().maxAttempts()) {
        // The session and we disagree on the offset: ask it and continue from there.
        answer.close();
        Call status = Call.of("query upload session", target, "GET", session, scopes);
        try (Response where = transport.expect(status, 204)) {
          session = location(status, where);
          offset = confirmedEnd(where).orElse(0L);
        }
        continue;
      }
      throw transport.fail(patch, answer);
    }
    finish(session, length, 0);
  }

  /** {@code PUT <session>?digest=} with the remaining {@code length} bytes from {@code offset}. */
  private void finish(URI session, long offset, long length) {
    String sep = session.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(session + sep + "digest=" + enc(digest.toString()));
    Call call =
        Call.of("push blob", target, "PUT", put, scopes)
            .header("Content-Type", "application/octet-stream")
            .body(body, offset, length)
            .notIdempotent();
    try (Response answer = transport.expect(call, 201)) {
      BlobDownload.checkDigestHeader(call, answer, digest);
    }
  }

  private boolean arrived() {
    try {
      return new RegistryClient(transport).blobSize(repository, digest).orElse(-1L) == body.length();
    } catch (RegistryException e) {
      return false;
    }
  }

  private URI location(Call call, Response answer) {
    String location =
        answer
            .header("Location")
            .orElseThrow(
                () ->
                    new RegistryException(
                        call.operation() + " " + target + " failed: the registry answered HTTP "
                            + answer.status() + " without an upload Location",
                        answer.status(), null, null));
    return transport.follow(call, answer, location);
  }

  /** The next offset per the registry's {@code Range: 0-N} header. */
  private static Optional<Long> confirmedEnd(Response answer) {
    return answer
        .header("Range")
        .map(
            range -> {
              int dash = range.lastIndexOf('-');
              long end = Long.parseLong(range.substring(dash + 1).trim());
              // distribution writes "0-0" for an empty session as well as for one byte.
              return end == 0 ? 0L : end + 1;
            });
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
