package dev.airgap.bundle.registry;

import dev.airgap.bundle.format.Digest;

/** What a manifest HEAD tells without the body: its digest, media type and size. */
public record ManifestHead(Digest digest, String mediaType, long size) {}
