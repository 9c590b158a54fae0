package dev.airgap.bundle.importer.ledger;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.index.BundleIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What this tool has imported into one target: every import in order, the highest sequence per
 * channel, and the tags it set. Immutable; {@link #recordImport} returns the next ledger.
 *
 * <p>Channels are kept sorted by name and tags by repository and tag, so equal ledgers serialize
 * to equal bytes and compare equal however they were built.
 *
 * @param version {@link #VERSION}; other versions are refused rather than half understood
 * @param bundles every successful import, oldest first
 * @param channels the highest imported sequence per channel name
 * @param tags the tags this tool set, at most one record per repository and tag
 */
public record Ledger(int version, List<LedgerBundle> bundles, Map<String, ChannelState> channels, List<LedgerTag> tags) {
  public static final int VERSION = 1;

  private static final Comparator<LedgerTag> TAG_ORDER =
      Comparator.comparing(LedgerTag::repository).thenComparing(LedgerTag::tag);

  public Ledger {
    if (version != VERSION) {
      throw new LedgerException("ledger format version " + version + " is not supported (this tool reads version "
          + VERSION + "); use a matching version of bundle");
    }
    bundles = List.copyOf(Objects.requireNonNull(bundles, "bundles"));
    TreeMap<String, ChannelState> sortedChannels = new TreeMap<>();
    Objects.requireNonNull(channels, "channels").forEach((name, state) ->
        sortedChannels.put(Text.require(name, "a channel name"), Objects.requireNonNull(state, "channel state")));
    channels = Collections.unmodifiableMap(sortedChannels);
    List<LedgerTag> sortedTags = new ArrayList<>(Objects.requireNonNull(tags, "tags"));
    sortedTags.forEach(t -> Objects.requireNonNull(t, "tag record"));
    sortedTags.sort(TAG_ORDER);
    requireOneRecordPerTag(sortedTags, "the ledger");
    tags = List.copyOf(sortedTags);
  }

  /** The ledger of a target nothing was imported into yet. */
  public static Ledger empty() {
    return new Ledger(VERSION, List.of(), Map.of(), List.of());
  }

  public Optional<ChannelState> channel(String name) {
    return Optional.ofNullable(channels.get(name));
  }

  /** The record of {@code repository:tag}, when this tool set that tag. */
  public Optional<LedgerTag> tag(String repository, String tag) {
    return tags.stream().filter(t -> t.repository().equals(repository) && t.tag().equals(tag)).findFirst();
  }

  /**
   * The ledger after a fully successful import of {@code index}: the bundle appended to the
   * history, the channel's mark raised when the sequence is higher, the tags set or kept recorded
   * (replacing earlier records of the same repository and tag) and the pruned ones dropped.
   *
   * <p>An allowed downgrade keeps the channel's highest sequence: the mark records the newest
   * release ever accepted, so a later bundle older than that still needs the flag. The downgrade
   * itself shows in {@link #bundles()}.
   *
   * @param tagsSetOrKept tags this import set or found already right; each replaces its record
   * @param tagsPruned tags this import deleted; each must be recorded here, since prune may only
   *     remove tags this tool created
   * @throws ReplayException when the bundle claims a sequence already recorded with another index:
   *     no flag allows that, so no ledger may record it either
   */
  public Ledger recordImport(BundleIndex index, Digest indexDigest, List<LedgerTag> tagsSetOrKept,
      List<LedgerTag> tagsPruned, Instant now) {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(indexDigest, "indexDigest");
    Objects.requireNonNull(now, "now");
    ReplayCheck.requireNoConflict(this, index, indexDigest);

    List<LedgerBundle> nextBundles = new ArrayList<>(bundles);
    nextBundles.add(new LedgerBundle(index.bundleId(), index.channel(), index.sequence(), indexDigest, now));

    Map<String, ChannelState> nextChannels = new TreeMap<>(channels);
    ChannelState current = channels.get(index.channel());
    if (current == null || index.sequence() > current.sequence()) {
      nextChannels.put(index.channel(), new ChannelState(index.sequence(), indexDigest, index.bundleId()));
    }

    return new Ledger(VERSION, nextBundles, nextChannels, nextTags(tagsSetOrKept, tagsPruned));
  }

  private List<LedgerTag> nextTags(List<LedgerTag> setOrKept, List<LedgerTag> pruned) {
    List<LedgerTag> set = new ArrayList<>(setOrKept);
    set.sort(TAG_ORDER);
    requireOneRecordPerTag(set, "the tags set or kept");
    Map<String, LedgerTag> byReference = new LinkedHashMap<>();
    tags.forEach(t -> byReference.put(t.reference(), t));
    Set<String> setReferences = new HashSet<>();
    set.forEach(t -> setReferences.add(t.reference()));
    for (LedgerTag gone : pruned) {
      if (setReferences.contains(gone.reference())) {
        throw new IllegalArgumentException(gone.reference() + " is both pruned and set by the same import");
      }
      if (byReference.remove(gone.reference()) == null) {
        throw new IllegalArgumentException("pruned tag " + gone.reference()
            + " is not recorded in the ledger; prune may only remove tags this tool created");
      }
    }
    set.forEach(t -> byReference.put(t.reference(), t));
    return new ArrayList<>(byReference.values());
  }

  /** Expects {@code sorted} in {@link #TAG_ORDER}, so duplicates are neighbours. */
  private static void requireOneRecordPerTag(List<LedgerTag> sorted, String where) {
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).reference().equals(sorted.get(i - 1).reference())) {
        throw new IllegalArgumentException(where + ": " + sorted.get(i).reference() + " appears twice");
      }
    }
  }
}
