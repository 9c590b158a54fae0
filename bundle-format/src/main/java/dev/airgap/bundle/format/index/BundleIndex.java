package dev.airgap.bundle.format.index;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.airgap.bundle.format.IntegrityException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The bundle's index, {@code bundle.json}: what the bundle holds and what it expects, signed as
 * raw bytes. Every archive member except the signature and the offsets table is listed with its
 * digest and size; every image names the manifests and blobs it needs.
 *
 * @param formatVersion {@link #FORMAT_VERSION}; readers refuse other versions
 * @param bundleId random id of this bundle
 * @param channel release channel; sequences are compared within a channel
 * @param sequence monotonic number within the channel (replay protection)
 * @param created when the bundle was written
 * @param expires after this instant importers refuse it, or null
 * @param toolVersion version of the tool that wrote it
 * @param base the bundle or receipt a delta was computed against, or null for a full bundle
 * @param selection what the user asked for and which releases it matched
 * @param releases every selected release with the image names it contains
 * @param images every exported image reference, resolved to a digest
 * @param blobs every manifest, config and layer the images need, and where it is
 * @param members every archive member in order, with digest and size
 */
public record BundleIndex(
    int formatVersion,
    String bundleId,
    String channel,
    long sequence,
    Instant created,
    Instant expires,
    String toolVersion,
    String base,
    Selection selection,
    List<ReleaseEntry> releases,
    List<ImageEntry> images,
    List<BlobEntry> blobs,
    List<MemberEntry> members) {

  public static final int FORMAT_VERSION = 1;
  /** The archive member holding this index. */
  public static final String INDEX_MEMBER = "bundle.json";
  /** The archive member holding the signature over the raw index bytes. */
  public static final String SIGNATURE_MEMBER = "bundle.json.sig";
  public static final String OCI_LAYOUT_MEMBER = "oci-layout";
  public static final String OCI_INDEX_MEMBER = "index.json";

  public BundleIndex {
    if (formatVersion != FORMAT_VERSION) {
      throw new IntegrityException(
          "bundle format version " + formatVersion + " is not supported (this tool reads version "
              + FORMAT_VERSION + "); use a matching version of bundle");
    }
    Objects.requireNonNull(bundleId, "bundleId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(selection, "selection");
    if (sequence < 0) {
      throw new IntegrityException("bundle sequence must not be negative");
    }
    releases = List.copyOf(releases);
    images = List.copyOf(images);
    blobs = List.copyOf(blobs);
    members = List.copyOf(members);
  }

  /**
   * What {@code bundle export --include-tool} adds after every other member: the release of this
   * tool as a tree, {@code tool/bundle-<version>/bin/bundle}, {@code .../runtime/...}, each file a
   * member (executables flagged), so that {@code tar --zstd -xf OUT.tar.zst tool/} gives a
   * working {@code bundle}. Bundles written before carried the release archive itself as one
   * member, {@code tool/bundle-<version>-linux-x64.tar.gz}; they are still read.
   */
  public static final java.util.regex.Pattern TOOL_TREE_MEMBER =
      java.util.regex.Pattern.compile("tool/(bundle-[0-9A-Za-z][0-9A-Za-z.+~_-]*)(?<!\\.tar\\.gz)/(.+)");

  /** The single release-archive tool member of bundles written before the tool tree. */
  public static final java.util.regex.Pattern TOOL_ARCHIVE_MEMBER =
      java.util.regex.Pattern.compile("tool/bundle-[0-9A-Za-z][0-9A-Za-z.+~_-]*-linux-x64\\.tar\\.gz");

  /** Whether {@code name} is a well-formed tool member name, tree or archive form. */
  public static boolean isToolMember(String name) {
    return TOOL_ARCHIVE_MEMBER.matcher(name).matches() || toolRoot(name).isPresent();
  }

  /**
   * The release directory ({@code bundle-<version>}) a tool-tree member belongs to; empty for
   * any other name, including paths with empty, "." or ".." segments.
   */
  public static java.util.Optional<String> toolRoot(String name) {
    java.util.regex.Matcher m = TOOL_TREE_MEMBER.matcher(name);
    if (!m.matches()) {
      return java.util.Optional.empty();
    }
    for (String segment : m.group(2).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.of(m.group(1));
  }

  /** The archive member name of a blob: {@code blobs/<algorithm>/<hex>}. */
  public static String blobMember(dev.airgap.bundle.format.Digest digest) {
    return "blobs/" + digest.algorithm() + "/" + digest.hex();
  }

  /**
   * A repair bundle's {@code base} starts with this. It delivers blobs a target reported missing
   * and nothing else: importing it pushes those blobs and sets no manifest or tag.
   */
  public static final String REPAIR_PREFIX = "repair of bundle ";

  @JsonIgnore
  public boolean isRepair() {
    return base != null && base.startsWith(REPAIR_PREFIX);
  }

  @JsonIgnore
  public boolean isDelta() {
    return base != null;
  }

  /** What a bundle covers, as its signed {@code base} records it. */
  public enum Kind {
    /** Every image of its selection, with every manifest, blob and tag. */
    FULL,
    /** Every manifest and tag of its selection; blobs the target already holds are left out. */
    DELTA,
    /** Only blobs a target reported missing: no manifest, no tag, no image to report. */
    REPAIR
  }

  @JsonIgnore
  public Kind kind() {
    return isRepair() ? Kind.REPAIR : isDelta() ? Kind.DELTA : Kind.FULL;
  }
}
