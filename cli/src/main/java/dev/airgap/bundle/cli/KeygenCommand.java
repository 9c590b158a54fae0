package dev.airgap.bundle.cli;

import dev.airgap.bundle.format.signing.KeyFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bundle keygen --out PREFIX}: an ECDSA P-256 key pair for signing bundles. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    header = "Create a key pair for signing bundles.",
    description = "Writes PREFIX.key (PKCS#8 PEM, mode 0600: keep it on the connected side) and PREFIX.pub"
        + " (SPKI PEM: give it to `bundle verify --trust` and `bundle import --trust`). The signature format is"
        + " checked by `openssl dgst -sha256 -verify PREFIX.pub` and `cosign verify-blob --key PREFIX.pub` as well."
        + " Existing files are never overwritten.")
final class KeygenCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "PREFIX", description = "Path prefix of the key files.")
  private Path prefix;

  @Mixin private OutputOptions output;

  @Override
  public Integer call() throws Exception {
    KeyFiles.GeneratedKeys generated = KeyFiles.generate(prefix);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("privateKey", generated.privateKey().toString());
    result.put("publicKey", generated.publicKey().toString());
    result.put("fingerprint", generated.fingerprint());
    output.console().result(result, out -> {
      out.println("private key: " + generated.privateKey() + "  (keep it secret; sign with --sign-key)");
      out.println("public key:  " + generated.publicKey() + "  (trust it with --trust)");
      out.println("fingerprint: " + generated.fingerprint());
    });
    return 0;
  }
}
