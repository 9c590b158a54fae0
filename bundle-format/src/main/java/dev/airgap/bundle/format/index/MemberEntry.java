package dev.airgap.bundle.format.index;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.airgap.bundle.format.Digest;
import java.util.Objects;

/**
 * One archive member as the index promises it: name, digest of its content, size, and whether
 * it is an executable file (mode 0755 rather than 0644 in its tar header; only the tool tree of
 * {@code export --include-tool} has such members, and the key is left out when false).
 */
@JsonDeserialize(using = MemberEntryJson.class)
public record MemberEntry(
    String name,
    Digest digest,
    long size,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean executable) {
  public MemberEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("member " + name + " has a negative size");
    }
  }

  /** A plain (non-executable) member: every blob and layout file. */
  public MemberEntry(String name, Digest digest, long size) {
    this(name, digest, size, false);
  }
}
