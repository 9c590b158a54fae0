package dev.airgap.bundle.exporter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.format.MediaTypes;
import dev.airgap.bundle.format.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which children of an index a {@code --platform} selection keeps, and the bytes of the filtered
 * index: the one document this tool derives instead of carrying it as it was.
 *
 * <p>A child is kept when its platform matches the selection (a wanted variant must be equal; no
 * variant wanted matches any), when it is a nested index without a platform (carried whole), or
 * when it is a buildx attestation ({@code vnd.docker.reference.type: attestation-manifest}) whose
 * {@code vnd.docker.reference.digest} names a kept child: attestations follow their platform.
 *
 * <p>The filtered bytes are the upstream bytes with the left-out descriptors cut out of the
 * top-level {@code manifests} array and nothing else touched: everything before the first
 * descriptor and after the last one, and each kept descriptor's own text, are copied byte for
 * byte; kept descriptors are joined by the text that separated the first two upstream
 * descriptors (e.g. {@code ",\n    "}).
 */
final class IndexFilter {
  static final String REFERENCE_TYPE = "vnd.docker.reference.type";
  static final String REFERENCE_DIGEST = "vnd.docker.reference.digest";
  static final String ATTESTATION = "attestation-manifest";

  private static final JsonFactory JSON = new JsonFactory();

  private IndexFilter() {}

  /** Positions in {@code children} that {@code platforms} keeps (every one for an empty selection). */
  static List<Integer> kept(List<Descriptor> children, List<Platform> platforms) {
    List<Integer> kept = new ArrayList<>();
    if (platforms.isEmpty()) {
      for (int i = 0; i < children.size(); i++) {
        kept.add(i);
      }
      return kept;
    }
    Set<String> keptDigests = new HashSet<>();
    for (int i = 0; i < children.size(); i++) {
      Descriptor d = children.get(i);
      boolean nestedIndex = d.platform() == null && MediaTypes.isIndex(d.mediaType());
      if (!isAttestation(d) && (nestedIndex || matches(d.platform(), platforms))) {
        keptDigests.add(d.digest().toString());
      }
    }
    for (int i = 0; i < children.size(); i++) {
      Descriptor d = children.get(i);
      boolean keep = isAttestation(d)
          ? keptDigests.contains(d.annotations().get(REFERENCE_DIGEST))
          : keptDigests.contains(d.digest().toString());
      if (keep) {
        kept.add(i);
      }
    }
    return kept;
  }

  static boolean isAttestation(Descriptor d) {
    return ATTESTATION.equals(d.annotations().get(REFERENCE_TYPE));
  }

  private static boolean matches(Platform p, List<Platform> platforms) {
    return p != null && platforms.stream().anyMatch(want -> want.os().equals(p.os())
        && want.architecture().equals(p.architecture())
        && (want.variant() == null || want.variant().equals(p.variant())));
  }

  /** The upstream index bytes with only the descriptors at {@code kept} (ascending, not empty) left. */
  static byte[] filter(byte[] index, List<Integer> kept) {
    List<long[]> spans = descriptorSpans(index);
    if (kept.isEmpty() || kept.get(kept.size() - 1) >= spans.size()) {
      throw new IllegalArgumentException("kept positions " + kept + " do not fit " + spans.size() + " descriptors");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(index.length);
    int first = (int) spans.get(0)[0];
    int last = (int) spans.get(spans.size() - 1)[1];
    byte[] separator = spans.size() > 1
        ? slice(index, (int) spans.get(0)[1], (int) spans.get(1)[0])
        : new byte[] {','};
    out.write(index, 0, first);
    for (int k = 0; k < kept.size(); k++) {
      if (k > 0) {
        out.writeBytes(separator);
      }
      long[] span = spans.get(kept.get(k));
      out.write(index, (int) span[0], (int) (span[1] - span[0]));
    }
    out.write(index, last, index.length - last);
    return out.toByteArray();
  }

  /** [start, end) byte offsets of each element of the root object's {@code manifests} array. */
  private static List<long[]> descriptorSpans(byte[] index) {
    List<long[]> spans = new ArrayList<>();
    try (JsonParser p = JSON.createParser(index)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IntegrityException("index is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (!field.equals("manifests")) {
          p.skipChildren();
          continue;
        }
        if (value != JsonToken.START_ARRAY) {
          throw new IntegrityException("index field `manifests` is not an array");
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          long start = p.currentTokenLocation().getByteOffset();
          p.skipChildren();
          spans.add(new long[] {start, p.currentLocation().getByteOffset()});
        }
      }
    } catch (IOException e) {
      throw new IntegrityException("index could not be read to filter it: " + e.getMessage());
    }
    if (spans.isEmpty()) {
      throw new IntegrityException("index lists no manifests to filter");
    }
    return spans;
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    byte[] out = new byte[to - from];
    System.arraycopy(bytes, from, out, 0, out.length);
    return out;
  }
}
