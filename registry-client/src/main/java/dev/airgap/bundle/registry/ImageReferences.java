package dev.airgap.bundle.registry;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.airgap.bundle.format.Digest;
import dev.airgap.bundle.format.ImageRef;

/**
 * Turns user text such as {@code nginx}, {@code quay.io/org/app:1.2} or {@code
 * host:5000/a/b@sha256:…} into an {@link ImageRef}, following Docker's defaulting rules (Docker
 * Hub, {@code library/}, tag {@code latest}). jib-core does the parsing; our callers see only our
 * own types.
 */
public final class ImageReferences {
  private ImageReferences() {}

  public static ImageRef parse(String text) {
    ImageReference parsed;
    try {
      parsed = ImageReference.parse(text);
    } catch (InvalidImageReferenceException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a valid image reference (expected [registry/]repository[:tag][@digest])");
    }
    Digest digest = parsed.getDigest().map(Digest::parse).orElse(null);
    String tag = parsed.getTag().orElse(digest == null ? "latest" : null);
    try {
      return new ImageRef(parsed.getRegistry(), parsed.getRepository(), tag, digest);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a valid image reference: " + e.getMessage());
    }
  }
}
