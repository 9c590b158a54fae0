package dev.airgap.bundle.format;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A fully qualified image reference: registry host, repository path, and a tag, a digest or
 * both. Parsing user text into this value lives in the registry client (it follows Docker's
 * defaulting rules); this record only guarantees that every part is well-formed.
 */
public record ImageRef(String registry, String repository, String tag, Digest digest) {
  private static final Pattern REGISTRY =
      Pattern.compile("(?:[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?");
  private static final Pattern COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  public ImageRef {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (!REGISTRY.matcher(registry).matches()) {
      throw new IllegalArgumentException("'" + registry + "' is not a valid registry host");
    }
    requireValidRepository(repository);
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("'" + tag + "' is not a valid tag");
    }
    if (tag == null && digest == null) {
      throw new IllegalArgumentException(
          registry + "/" + repository + " needs a tag or a digest");
    }
  }

  /** Throws unless {@code repository} is a valid distribution repository path. */
  public static String requireValidRepository(String repository) {
    if (repository.isEmpty() || repository.length() > 255) {
      throw new IllegalArgumentException("'" + repository + "' is not a valid repository name");
    }
    for (String part : repository.split("/", -1)) {
      if (!COMPONENT.matcher(part).matches()) {
        throw new IllegalArgumentException(
            "'" + repository + "' is not a valid repository name (lowercase path components)");
      }
    }
    return repository;
  }

  public static boolean isValidTag(String tag) {
    return tag != null && TAG.matcher(tag).matches();
  }

  /** The digest when present, else the tag: what to ask the registry for. */
  public String reference() {
    return digest != null ? digest.toString() : tag;
  }

  public ImageRef withDigest(Digest newDigest) {
    return new ImageRef(registry, repository, tag, newDigest);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(registry).append('/').append(repository);
    if (tag != null) {
      s.append(':').append(tag);
    }
    if (digest != null) {
      s.append('@').append(digest);
    }
    return s.toString();
  }
}
