package dev.airgap.bundle.cli;

import dev.airgap.bundle.format.archive.BundleArchive;
import dev.airgap.bundle.format.archive.ReaderLimits;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.index.MemberEntry;
import dev.airgap.bundle.format.signing.KeyFiles;
import dev.airgap.bundle.format.verify.BundleVerifier;
import dev.airgap.bundle.format.verify.VerifiedBundle;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bundle verify FILE --trust PUB…}: everything checked, offline, nothing written. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    header = "Check a bundle's signature and every member's digest and size, offline.",
    description = "Checks the signature over the raw bundle.json bytes before parsing it, then that the archive"
        + " holds exactly the members bundle.json lists, in order and without gaps, then streams every member"
        + " and compares its size and digest. Exits 3 naming the first problem found. FILE may be a bundle,"
        + " its first volume (NAME.000) or the volume set's base name.")
final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The bundle file.")
  private Path file;

  @Mixin private TrustOptions trust;

  @Option(names = "--threads", paramLabel = "N", description = "Members checked in parallel (default: CPU count).")
  private Integer threads;

  @Mixin private OutputOptions output;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    VerifiedBundle verified;
    long total;
    try (BundleArchive archive = BundleArchive.open(file, ReaderLimits.defaults());
        Progress progress = output.console().progress()) {
      BundleVerifier verifier = new BundleVerifier(trust.publicKeys(), trust.allowUnsigned());
      VerifiedBundle index = verifier.verifyIndex(archive);
      total = index.index().members().stream().mapToLong(MemberEntry::size).sum();
      progress.started("verify", "verify members", total);
      verified = verifier.verify(archive, threads != null ? threads : Runtime.getRuntime().availableProcessors(),
          n -> progress.bytes("verify", n));
      progress.done("verify");
    }
    BundleIndex index = verified.index();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("ok", true);
    result.put("bundleId", index.bundleId());
    result.put("channel", index.channel());
    result.put("sequence", index.sequence());
    result.put("signedBy", verified.signed() ? KeyFiles.fingerprint(verified.signer()) : null);
    result.put("members", index.members().size());
    result.put("bytes", total);
    result.put("seconds", (System.nanoTime() - started) / 1e9);
    output.console().result(result, out -> {
      out.println("OK: bundle " + index.bundleId() + " (channel " + index.channel() + ", sequence " + index.sequence() + ")");
      out.println("  " + (verified.signed() ? "signed by " + KeyFiles.fingerprint(verified.signer()) : "UNSIGNED (allowed by --allow-unsigned)"));
      out.println("  " + index.members().size() + " members, " + ByteSizes.human(total) + " verified");
    });
    return 0;
  }
}
