package dev.airgap.bundle.cli;

import dev.airgap.bundle.format.signing.KeyFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which public keys a reading command trusts, and whether it accepts unsigned bundles. */
public final class TrustOptions {
  @Option(names = "--trust", paramLabel = "PUB", description = "A trusted public key from `bundle keygen` (repeatable).")
  private List<Path> keys = new ArrayList<>();

  @Option(names = "--allow-unsigned", description = "Accept a bundle without a signature (not recommended).")
  private boolean allowUnsigned;

  List<PublicKey> publicKeys() throws IOException {
    List<PublicKey> out = new ArrayList<>();
    for (Path key : keys) {
      out.add(KeyFiles.readPublicKey(key));
    }
    return out;
  }

  boolean allowUnsigned() {
    return allowUnsigned;
  }

  boolean any() {
    return !keys.isEmpty();
  }
}
