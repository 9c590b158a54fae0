package dev.airgap.bundle.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/** Renders progress as one plain line per started, skipped and done item: for logs and CI. */
final class ProgressLines implements Progress {
    private final PrintWriter out;
    private final Map<String, Item> items = new HashMap<>();
    private int done;
    private int skipped;
    private long transferred;

    private static final class Item {
        final String label;
        final long size;
        long bytes;

        Item(String label, long size) {
            this.label = label;
            this.size = size;
        }
    }

    ProgressLines(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void started(String id, String label, long size) {
        items.put(id, new Item(label, size));
        line("start " + label + (size >= 0 ? " (" + ByteSizes.human(size) + ")" : ""));
    }

    @Override
    public synchronized void bytes(String id, long count) {
        transferred += count;
        Item item = items.get(id);
        if (item != null) {
            item.bytes += count;
        }
    }

    @Override
    public synchronized void skipped(String id, String label, long size, String reason) {
        items.remove(id);
        skipped++;
        line("skip  " + label + (size >= 0 ? " (" + ByteSizes.human(size) + ")" : "") + ": " + reason);
    }

    @Override
    public synchronized void done(String id) {
        Item item = items.remove(id);
        done++;
        if (item == null) {
            line("done  " + id);
        } else {
            line("done  " + item.label + " (" + ByteSizes.human(item.size >= 0 ? item.size : item.bytes) + ")");
        }
    }

    @Override
    public synchronized void close() {
        if (done + skipped > 0) {
            line(done + " done, " + skipped + " skipped, " + ByteSizes.human(transferred) + " transferred");
        }
    }

    private void line(String text) {
        out.println(text);
        out.flush();
    }
}
