package dev.airgap.bundle.importer;

import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.Documents;
import dev.airgap.bundle.format.index.BlobEntry;
import dev.airgap.bundle.format.index.BundleIndex;
import dev.airgap.bundle.format.receipt.Receipt;
import dev.airgap.bundle.format.receipt.ReceiptJson;
import dev.airgap.bundle.importer.files.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes {@code receipt.json} after a successful import: what the target now holds, added to what
 * an earlier receipt in the same directory (for the same target) said, so a receipt carried back
 * across the gap describes the target's whole imported history.
 */
public final class Receipts {
  public static final String FILE = "receipt.json";

  private Receipts() {}

  public static Path write(Path outputDir, String target, BundleIndex index, Digest indexDigest) throws IOException {
    Files.createDirectories(outputDir);
    Path file = outputDir.resolve(FILE);
    Set<Digest> blobs = new LinkedHashSet<>();
    Set<Digest> manifests = new LinkedHashSet<>();
    List<Receipt.ReceiptBundle> bundles = new ArrayList<>();
    if (Files.isRegularFile(file)) {
      Receipt previous = ReceiptJson.parse(Documents.read(file, "receipt " + file, IllegalArgumentException::new), file.toString());
      if (previous.target().equals(target)) {
        blobs.addAll(previous.blobs());
        manifests.addAll(previous.manifests());
        bundles.addAll(previous.bundles());
      }
    }
    for (BlobEntry b : index.blobs()) {
      (b.kind() == BlobEntry.Kind.manifest ? manifests : blobs).add(b.digest());
    }
    bundles.removeIf(b -> b.bundleId().equals(index.bundleId()));
    bundles.add(new Receipt.ReceiptBundle(index.bundleId(), index.channel(), index.sequence(), indexDigest));
    Receipt receipt = new Receipt(Receipt.VERSION, target, bundles, new ArrayList<>(blobs), new ArrayList<>(manifests));
    AtomicWrite.write(file, ReceiptJson.write(receipt), null);
    return file;
  }
}
