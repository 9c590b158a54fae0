package dev.airgap.bundle.importer;

import java.util.List;

/**
 * Tags the import would move were changed outside this tool (or never belonged to it). Nothing
 * was pushed; {@code --force-retag} puts them back.
 */
public final class TagDriftException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> tags;

  public TagDriftException(List<String> tags) {
    super("the import would move " + tags.size() + " tag(s) that were changed outside bundle or that it did not create: "
        + String.join(", ", tags.size() > 10 ? tags.subList(0, 10) : tags) + (tags.size() > 10 ? ", …" : "")
        + "; nothing was pushed");
    this.tags = List.copyOf(tags);
  }

  public List<String> tags() {
    return tags;
  }
}
