package dev.airgap.bundle.format.archive;

/**
 * Where a member sits in the uncompressed tar stream, as the offsets table claims. A hint only:
 * readers re-check the tar header at {@code headerOffset} before trusting it.
 *
 * @param headerOffset offset of the member's first header block (a PAX header if any)
 * @param dataOffset offset of the member's first content byte
 */
public record MemberLocation(String name, long headerOffset, long dataOffset, long size) {}
