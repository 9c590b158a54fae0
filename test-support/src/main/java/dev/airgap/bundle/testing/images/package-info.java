/**
 * Deterministic container-image fixtures for tests of a byte-exact image mover.
 *
 * <p>{@link dev.airgap.bundle.testing.images.TestImages} generates images, indexes, artifacts and
 * schema1 manifests from a seed; every manifest and blob carries its exact bytes and digest
 * ({@link dev.airgap.bundle.testing.images.TestManifest}, {@link dev.airgap.bundle.testing.images.Blob}).
 * JSON is written by hand so tests control every byte, including deliberately odd formatting
 * that any re-serialization would change. {@link dev.airgap.bundle.testing.images.OciLayoutWriter}
 * and {@link dev.airgap.bundle.testing.images.Skopeo} seed registries independently of the
 * client under test.
 */
package dev.airgap.bundle.testing.images;
