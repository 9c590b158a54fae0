package dev.airgap.bundle.registry;

import dev.airgap.bundle.format.Descriptor;
import dev.airgap.bundle.format.transfer.BlobSource;
import java.io.IOException;
import java.io.InputStream;

/**
 * One repository of a registry as a blob source: {@link RegistryClient#openBlob} (resuming after
 * broken connections, verifying size and digest while it streams).
 */
public final class RegistryBlobSource implements BlobSource {
  private final RegistryClient client;
  private final String repository;

  public RegistryBlobSource(RegistryClient client, String repository) {
    this.client = client;
    this.repository = repository;
  }

  @Override
  public InputStream open(Descriptor blob, long offset) throws IOException {
    InputStream in = client.openBlob(repository, blob.digest(), blob.size());
    if (offset > 0) {
      // Read through, not a range request: the bytes before offset must be hashed too.
      in.skipNBytes(offset);
    }
    return in;
  }
}
