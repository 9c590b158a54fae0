package dev.airgap.bundle.exporter;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.ImageRef;
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
 * index whose children all match is still carried whole; otherwise the index is left out (a
 * filtered index would be a new document with a new digest, and nothing is ever re-serialized)
 * and each matching child is carried as an image of its own.
 */
final class Resolver {
  private static final int MAX_DEPTH = 4;

  private final ClientFactory clients;
  private final List<Platform> platforms;

  Resolver(ClientFactory clients, List<Platform> platforms) {
    this.clients = clients;
    this.platforms = List.copyOf(platforms);
  }

  /** One or more resolved images: several only when a platform filter splits an index. */
  List<ResolvedImage> resolve(RequestedImage request) {
    ImageRef ref = request.ref();
    RegistryClient client = clients.clientFor(ref.registry());
    Manifest top = client.pullManifest(ref.repository(), ref.reference());
    if (!top.isIndex()) {
      return List.of(new ResolvedImage(request, top, List.of(top), platformOf(null)));
    }
    List<Descriptor> children = top.summary().manifests();
    List<Descriptor> wanted = children.stream().filter(this::wanted).toList();
    if (wanted.isEmpty()) {
      throw new ExportException(
          request.source() + " has no manifest for " + describe(platforms) + "; it offers "
              + children.stream().map(d -> Objects.toString(d.platform(), "unknown")).distinct().toList());
    }
    if (wanted.size() == children.size()) {
      List<Manifest> all = new ArrayList<>();
      all.add(top);
      List<Platform> carried = new ArrayList<>();
      collectChildren(client, ref.repository(), top, all, carried, 1);
      return List.of(new ResolvedImage(request, top, all, carried));
    }
    List<ResolvedImage> split = new ArrayList<>();
    for (Descriptor child : wanted) {
      Manifest m = pull(client, ref.repository(), child);
      List<Manifest> all = new ArrayList<>(List.of(m));
      List<Platform> carried = new ArrayList<>();
      if (m.isIndex()) {
        collectChildren(client, ref.repository(), m, all, carried, 2);
      } else if (child.platform() != null) {
        carried.add(child.platform());
      }
      split.add(new ResolvedImage(request, m, all, carried));
    }
    return split;
  }

  private void collectChildren(
      RegistryClient client, String repository, Manifest index, List<Manifest> out, List<Platform> platformsOut, int depth) {
    if (depth > MAX_DEPTH) {
      throw new ExportException("index " + index.digest() + " nests deeper than " + MAX_DEPTH + " levels");
    }
    for (Descriptor child : index.summary().manifests()) {
      Manifest m = pull(client, repository, child);
      if (out.stream().noneMatch(x -> x.digest().equals(m.digest()))) {
        out.add(m);
      }
      if (child.platform() != null) {
        platformsOut.add(child.platform());
      }
      if (m.isIndex()) {
        collectChildren(client, repository, m, out, platformsOut, depth + 1);
      }
    }
  }

  private static Manifest pull(RegistryClient client, String repository, Descriptor child) {
    Manifest m = client.pullManifest(repository, child.digest().toString());
    if (m.size() != child.size()) {
      throw new dev.airgap.bundle.format.DigestMismatchException(
          "manifest " + child.digest() + " is " + m.size() + " bytes but its index says " + child.size());
    }
    return m;
  }

  private boolean wanted(Descriptor child) {
    if (platforms.isEmpty()) {
      return true;
    }
    Platform p = child.platform();
    if (p == null) {
      return false;
    }
    return platforms.stream().anyMatch(want -> want.os().equals(p.os())
        && want.architecture().equals(p.architecture())
        && (want.variant() == null || want.variant().equals(p.variant())));
  }

  private static List<Platform> platformOf(Platform p) {
    return p == null ? List.of() : List.of(p);
  }

  private static String describe(List<Platform> platforms) {
    return platforms.stream().map(Platform::toString).toList().toString();
  }
}
