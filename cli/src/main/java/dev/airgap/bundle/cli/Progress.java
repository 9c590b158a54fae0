package dev.airgap.bundle.cli;

/**
 * Progress events for work made of items (blobs, manifests, images), sent by long-running commands
 * and rendered by {@link Console#progress()}: as a redrawn bar on a terminal, as plain lines otherwise.
 *
 * <p>Every method has a no-op default, so a caller can implement only what it needs. Implementations
 * returned by {@link Console} are safe to call from several threads. {@code id} identifies an item
 * across events (a digest is a good id); {@code label} is what a person reads. Sizes are in bytes;
 * pass {@code -1} when unknown.
 */
public interface Progress extends AutoCloseable {

    /** Discards every event. */
    Progress NONE = new Progress() {};

    /** Work on an item began. */
    default void started(String id, String label, long size) {}

    /** {@code count} more bytes of the item were transferred (a delta, not a running total). */
    default void bytes(String id, long count) {}

    /** The item needed no work, e.g. the target already holds it; it need not have been started. */
    default void skipped(String id, String label, long size, String reason) {}

    /** The item is complete. */
    default void done(String id) {}

    /** No more events; renderers finish their output (a bar ends its line). */
    @Override
    default void close() {}
}
