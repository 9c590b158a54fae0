package dev.airgap.bundle.importer.ledger;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Manifest;
import dev.airgap.bundle.registry.BodySource;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The small JSON documents this tool keeps under tags of the ledger repository (the ledger, its
 * backup copy, the lease), each an artifact {@link LedgerArtifact#artifact} describes.
 */
final class TaggedDocuments {
  private final RegistryClient client;
  private final String repository;

  TaggedDocuments(RegistryClient client, String repository) {
    this.client = client;
    this.repository = repository;
  }

  RegistryClient client() {
    return client;
  }

  /** Whatever manifest {@code tag} names, verified against its bytes; empty when there is none. */
  Optional<Manifest> pull(String tag) {
    try {
      return Optional.of(client.pullManifest(repository, tag));
    } catch (RegistryException e) {
      // 404 is the registry's answer for both an unknown tag and an unknown repository.
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The bytes of a layer whose size was already checked against its cap; digest-verified. */
  byte[] read(Descriptor layer, String what) {
    try (InputStream in = client.openBlob(repository, layer.digest(), layer.size())) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": the blob " + layer.digest() + " could not be read", e);
    }
  }

  /** Uploads the empty config and {@code document} unless present; returns the document's digest. */
  Digest pushBlobs(byte[] document) {
    Digest digest = Digest.sha256(document);
    if (!client.blobExists(repository, LedgerArtifact.EMPTY_DIGEST)) {
      client.pushBlob(repository, LedgerArtifact.EMPTY_DIGEST, BodySource.ofBytes(LedgerArtifact.emptyConfig()));
    }
    if (!client.blobExists(repository, digest)) {
      client.pushBlob(repository, digest, BodySource.ofBytes(document));
    }
    return digest;
  }

  /** "127.0.0.1:5000/org/bundle-ledger:TAG", for messages. */
  String where(String tag) {
    return client.host() + "/" + repository + ":" + tag;
  }
}
