package dev.airgap.bundle.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Documents;
import dev.airgap.bundle.format.DigestMismatchException;
import dev.airgap.bundle.format.ImageRef;
import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.ManifestSummary;
import dev.airgap.bundle.format.MediaTypes;
import dev.airgap.bundle.format.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte-exact client for one registry host speaking the OCI distribution API.
 *
 * <p>Manifests travel as raw bytes and are hashed locally; blobs stream through a verifier that
 * checks size and digest at the end. Every answer's {@code Docker-Content-Digest} is compared with
 * what we expect. Thread-safe; callers choose their own concurrency.
 */
public final class RegistryClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
  private static final String ACCEPT = String.join(", ", MediaTypes.ACCEPTED_MANIFESTS);
  /** The largest blob accepted: far above any real layer, far below where offsets overflow. */
  public static final long MAX_BLOB_BYTES = 1L << 40;

  private final Transport transport;

  RegistryClient(Transport transport) {
    this.transport = transport;
  }

  public static Builder builder(RegistrySettings settings) {
    return new Builder(settings);
  }

  /** The host this client talks to, as "host[:port]". */
  public String host() {
    return transport.settings().host();
  }

  // ---- manifests ----

  /** Pulls a manifest or index by tag or digest, verified against the digest asked for. */
  public Manifest pullManifest(String repository, String reference) {
    Optional<Digest> wanted = checkReference(reference);
    String target = target(repository, reference);
    Call call =
        Call.of("pull manifest", target, "GET", manifestUri(repository, reference), Set.of(Scopes.pull(repository)))
            .header("Accept", ACCEPT);
    try (Response answer = transport.expect(call, 200)) {
      byte[] bytes = readCapped(answer, target);
      Digest computed = Digest.sha256(bytes);
      Optional<Digest> served = BlobDownload.digestHeader(call, answer);
      String contentType = answer.header("Content-Type").orElse(null);
      try {
        Manifest manifest =
            wanted.isPresent()
                ? Manifest.verified(bytes, contentType, wanted.get(), "manifest " + target)
                : Manifest.of(bytes, contentType);
        // The SHA-256 is already computed; only another algorithm needs a second pass.
        boolean servedMatches = served.isEmpty() || (served.get().algorithm().equals(computed.algorithm())
            ? served.get().equals(computed) : served.get().matches(bytes));
        if (!servedMatches) {
          throw new DigestMismatchException(
              "manifest " + target + " hashes to " + computed + " but the registry reports "
                  + served.get());
        }
        return manifest;
      } catch (IntegrityException e) {
        if (e instanceof DigestMismatchException) {
          throw e;
        }
        throw new IntegrityException("pull manifest " + target + " failed: " + e.getMessage(), e);
      }
    }
  }

  /** Digest, media type and size of a manifest without its body, or empty when unknown. */
  public Optional<ManifestHead> headManifest(String repository, String reference) {
    checkReference(reference);
    String target = target(repository, reference);
    Call call =
        Call.of("check manifest", target, "HEAD", manifestUri(repository, reference), Set.of(Scopes.pull(repository)))
            .header("Accept", ACCEPT);
    try (Response answer = transport.expect(call, 200, 404)) {
      if (answer.status() == 404) {
        return Optional.empty();
      }
      Digest digest =
          BlobDownload.digestHeader(call, answer)
              .orElseThrow(
                  () ->
                      new RegistryException(
                          "check manifest " + target + " failed: the registry sent no"
                              + " Docker-Content-Digest; pull the manifest instead",
                          200, null, null));
      return Optional.of(
          new ManifestHead(
              digest,
              MediaTypes.essence(answer.header("Content-Type").orElse("")),
              answer.contentLength().orElse(-1L)));
    }
  }

  /**
   * Pushes the manifest's original bytes under a tag or its digest and checks the registry's
   * digest answer. Children and blobs must already be present.
   */
  public Digest pushManifest(String repository, String reference, Manifest manifest) {
    Optional<Digest> asDigest = checkReference(reference);
    String target = target(repository, reference);
    if (asDigest.isPresent() && !asDigest.get().matches(manifest.bytes())) {
      throw new DigestMismatchException(
          "push manifest " + target + ": the manifest's bytes do not hash to " + asDigest.get());
    }
    byte[] bytes = manifest.bytes();
    Call call =
        Call.of("push manifest", target, "PUT", manifestUri(repository, reference), Set.of(Scopes.push(repository)))
            .header("Content-Type", manifest.mediaType())
            .body(BodySource.ofBytes(bytes), 0, bytes.length);
    try (Response answer = transport.expect(call, 201)) {
      BlobDownload.checkDigestHeader(call, answer, manifest.digest());
    }
    return manifest.digest();
  }

  /** Deletes a manifest by digest; false when the registry did not have it. */
  public boolean deleteManifest(String repository, Digest digest) {
    String target = target(repository, digest.toString());
    Call call =
        Call.of("delete manifest", target, "DELETE", manifestUri(repository, digest.toString()),
            Set.of(Scopes.delete(repository), Scopes.push(repository)));
    try (Response answer = transport.expect(call, 202, 200, 404)) {
      return answer.status() != 404;
    }
  }

  /** Every tag of a repository, following pagination; empty when the repository is unknown. */
  public List<String> listTags(String repository) {
    ImageRef.requireValidRepository(repository);
    String target = host() + "/" + repository;
    List<String> tags = new ArrayList<>();
    URI next = transport.base().resolve("/v2/" + repository + "/tags/list?n=1000");
    while (next != null) {
      Call call = Call.of("list tags", target, "GET", next, Set.of(Scopes.pull(repository)));
      try (Response answer = transport.expect(call, 200, 404)) {
        if (answer.status() == 404) {
          return tags;
        }
        JsonNode page = JSON.readTree(readCapped(answer, target));
        page.path("tags").forEach(tag -> tags.add(tag.asText()));
        next = answer.header("Link").map(NEXT_LINK::matcher).filter(Matcher::find)
            .map(m -> transport.follow(call, answer, m.group(1))).orElse(null);
      } catch (IOException e) {
        throw new RegistryException("list tags " + target + " failed: the answer is not JSON", 200, null, e);
      }
    }
    return tags;
  }

  // ---- blobs ----

  /** The size of a blob the registry holds, or empty when it has none. */
  public Optional<Long> blobSize(String repository, Digest digest) {
    String target = target(repository, digest.toString());
    Call call = Call.of("check blob", target, "HEAD", blobUri(repository, digest), Set.of(Scopes.pull(repository)));
    try (Response answer = transport.expect(call, 200, 404)) {
      if (answer.status() == 404) {
        return Optional.empty();
      }
      BlobDownload.checkDigestHeader(call, answer, digest);
      return Optional.of(answer.contentLength().orElse(-1L));
    }
  }

  public boolean blobExists(String repository, Digest digest) {
    return blobSize(repository, digest).isPresent();
  }

  /**
   * Opens a blob as a stream that resumes after broken connections and, at its end, has checked
   * that exactly {@code size} bytes with {@code digest} arrived. Reading past a mismatch throws.
   */
  public InputStream openBlob(String repository, Digest digest, long size) {
    String target = target(repository, digest.toString());
    if (size < 0 || size > MAX_BLOB_BYTES) {
      // Refused before any request: a size near 2^63 is a hostile or broken descriptor, and
      // offsets computed from it would overflow.
      throw new IntegrityException("blob " + target + " is declared as " + size + " bytes, outside 0 to "
          + MAX_BLOB_BYTES + " (1 TiB, the largest blob this tool accepts)");
    }
    Call call = Call.of("pull blob", target, "GET", blobUri(repository, digest), Set.of(Scopes.pull(repository)));
    return new VerifyingInputStream(BlobDownload.open(transport, call, digest, size), digest, size, "blob " + target);
  }

  /** Uploads a blob in one request (after opening a session). */
  public void pushBlob(String repository, Digest digest, BodySource body) {
    ImageRef.requireValidRepository(repository);
    new BlobUpload(transport, repository, digest, body).run(null, 0);
  }

  /** Uploads a blob in {@code chunkSize} pieces, resuming where the session says it stands. */
  public void pushBlobChunked(String repository, Digest digest, BodySource body, long chunkSize) {
    ImageRef.requireValidRepository(repository);
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunk size must be positive");
    }
    new BlobUpload(transport, repository, digest, body).run(null, chunkSize);
  }

  /**
   * Mounts a blob from another repository of this registry, uploading it when the registry
   * declines the mount (202).
   */
  public MountResult mountOrPushBlob(String repository, Digest digest, String fromRepository, BodySource body) {
    ImageRef.requireValidRepository(repository);
    ImageRef.requireValidRepository(fromRepository);
    return new BlobUpload(transport, repository, digest, body).run(fromRepository, 0);
  }

  // ---- helpers ----

  private URI manifestUri(String repository, String reference) {
    ImageRef.requireValidRepository(repository);
    return transport.base().resolve("/v2/" + repository + "/manifests/" + reference);
  }

  private URI blobUri(String repository, Digest digest) {
    ImageRef.requireValidRepository(repository);
    return transport.base().resolve("/v2/" + repository + "/blobs/" + digest);
  }

  private String target(String repository, String reference) {
    return host() + "/" + repository + (Digest.looksLikeDigest(reference) ? "@" : ":") + reference;
  }

  /** A digest reference is parsed strictly; anything else must be a valid tag. */
  private static Optional<Digest> checkReference(String reference) {
    Objects.requireNonNull(reference, "reference");
    if (Digest.looksLikeDigest(reference)) {
      return Optional.of(Digest.parse(reference));
    }
    if (!ImageRef.isValidTag(reference)) {
      throw new IllegalArgumentException("'" + reference + "' is neither a valid tag nor a digest");
    }
    return Optional.empty();
  }

  private byte[] readCapped(Response answer, String target) {
    int cap = ManifestSummary.MAX_MANIFEST_BYTES;
    if (answer.contentLength().orElse(0L) > cap) {
      throw new IntegrityException(Documents.tooLarge(
          "the manifest " + target + " (" + answer.contentLength().get() + " bytes)", cap));
    }
    try {
      return Documents.read(answer.body(), cap, "the manifest " + target, IntegrityException::new);
    } catch (IOException e) {
      throw new RegistryException(target + " could not be read: " + transport.failures().describe(e, answer.uri()),
          0, null, e);
    }
  }

  /** Builds a client; settings are required, everything else has a safe default. */
  public static final class Builder {
    private final RegistrySettings settings;
    private CredentialSource credentials = CredentialSource.anonymous();
    private RetryPolicy retry = RetryPolicy.standard();
    private RegistryListener listener = RegistryListener.NONE;
    private Duration timeout = HttpClients.DEFAULT_TIMEOUT;
    private SettingNames names;

    private Builder(RegistrySettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * How long a connection may take to open, and how long the registry may stay silent (or stop
     * taking an upload) before the exchange fails and is retried; default {@link HttpClients#DEFAULT_TIMEOUT}.
     */
    public Builder timeout(Duration idle) {
      if (idle.isNegative() || idle.isZero()) {
        throw new IllegalArgumentException("the timeout must be positive");
      }
      this.timeout = idle;
      return this;
    }

    /** How the user changes the settings, for errors they fix; default the host's registries.json keys. */
    public Builder settingNames(SettingNames settingNames) {
      this.names = Objects.requireNonNull(settingNames);
      return this;
    }

    public Builder credentials(CredentialSource source) {
      this.credentials = Objects.requireNonNull(source);
      return this;
    }

    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy);
      return this;
    }

    public Builder listener(RegistryListener l) {
      this.listener = Objects.requireNonNull(l);
      return this;
    }

    public RegistryClient build() {
      return new RegistryClient(new Transport(settings, credentials, retry, listener, timeout,
          names != null ? names : SettingNames.registry(settings.host())));
    }
  }
}
