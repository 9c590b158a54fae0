package dev.airgap.bundle.format.index;

import dev.airgap.bundle.format.Digest;
import java.util.Objects;

/** One archive member as the index promises it: name, digest of its content, size. */
public record MemberEntry(String name, Digest digest, long size) {
  public MemberEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("member " + name + " has a negative size");
    }
  }
}
