package dev.airgap.bundle.exporter;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.DigestMismatchException;
import dev.airgap.bundle.format.ImageRef;
import dev.airgap.bundle.format.IntegrityException;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.format.Platform;
import dev.airgap.bundle.registry.RegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a reference into the manifests to carry, byte-exact.
 *
 * <p>Without a platform filter an index is carried whole, with every child. With a filter, an
 * index whose children all match is still carried whole. Otherwise it is carried as a filtered
 * index (see {@link IndexFilter}): the one document this tool derives, with a digest of its own
 * that the bundle index records next to the upstream digest. Nested indexes are carried whole, at
 * every depth.
 */
final class Resolver {
  private static final int MAX_DEPTH = 4;

  private final ClientFactory clients;
  private final List<Platform> platforms;

  Resolver(ClientFactory clients, List<Platform> platforms) {
    this.clients = clients;
    this.platforms = List.copyOf(platforms);
  }

  ResolvedImage resolve(RequestedImage request) {
    ImageRef ref = request.ref();
    RegistryClient client = clients.clientFor(ref.registry());
    Manifest upstream = client.pullManifest(ref.repository(), ref.reference());
    if (!upstream.isIndex()) {
      return new ResolvedImage(request, upstream, List.of(upstream), List.of(), null);
    }
    List<Descriptor> children = upstream.summary().manifests();
    List<Integer> kept = IndexFilter.kept(children, platforms);
    if (kept.isEmpty()) {
      throw new ExportException(
          request.source() + " has no manifest for " + describe(platforms) + "; it offers "
              + children.stream().map(d -> Objects.toString(d.platform(), "unknown")).distinct().toList());
    }
    Manifest carried = kept.size() == children.size() ? upstream : filtered(request, upstream, kept);
    List<Manifest> all = new ArrayList<>(List.of(carried));
    List<Platform> carriedPlatforms = new ArrayList<>();
    collectChildren(client, request, carried, all, carriedPlatforms, 1);
    return new ResolvedImage(request, carried, all, carriedPlatforms, carried == upstream ? null : upstream.digest());
  }

  private static Manifest filtered(RequestedImage request, Manifest upstream, List<Integer> kept) {
    Manifest filtered = Manifest.of(IndexFilter.filter(upstream.bytes(), kept), upstream.mediaType());
    List<Descriptor> expected = kept.stream().map(upstream.summary().manifests()::get).toList();
    if (!filtered.summary().manifests().equals(expected)
        || !filtered.summary().annotations().equals(upstream.summary().annotations())) {
      throw new IllegalStateException("filtering the index of " + request.source() + " changed more than its descriptors");
    }
    return filtered;
  }

  private void collectChildren(RegistryClient client, RequestedImage request, Manifest index, List<Manifest> out,
      List<Platform> platformsOut, int depth) {
    if (depth > MAX_DEPTH) {
      throw new ExportException("index " + index.digest() + " of " + request.source() + " nests deeper than "
          + MAX_DEPTH + " levels");
    }
    for (Descriptor child : index.summary().manifests()) {
      Manifest m = pull(client, request, index, child);
      if (out.stream().noneMatch(x -> x.digest().equals(m.digest()))) {
        out.add(m);
      }
      if (child.platform() != null) {
        platformsOut.add(child.platform());
      }
      if (m.isIndex()) {
        collectChildren(client, request, m, out, platformsOut, depth + 1);
      }
    }
  }

  /** A child by digest, checked against what its index's descriptor says (size and media type). */
  private static Manifest pull(RegistryClient client, RequestedImage request, Manifest index, Descriptor child) {
    Manifest m = client.pullManifest(request.ref().repository(), child.digest().toString());
    if (m.size() != child.size()) {
      throw new DigestMismatchException(request.source() + ": manifest " + child.digest() + " is " + m.size()
          + " bytes but its index " + index.digest() + " says " + child.size());
    }
    if (!m.mediaType().equals(child.mediaType())) {
      throw new IntegrityException(request.source() + ": index " + index.digest() + " describes manifest "
          + child.digest() + " as " + child.mediaType() + " but that document's media type is " + m.mediaType()
          + "; the upstream image is inconsistent and cannot be carried as it is");
    }
    return m;
  }

  private static String describe(List<Platform> platforms) {
    return platforms.stream().map(Platform::toString).toList().toString();
  }
}
