package dev.airgap.bundle.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Renders progress as one line redrawn in place with {@code \r} on a terminal, at most every
 * {@value #REDRAW_MILLIS} ms, e.g.
 * {@code [#########...........]  45%  120.3 MiB / 267.0 MiB  3/7 done  1 skipped  layer sha256:4f...}.
 * Percentages cover the items started so far whose size is known.
 */
final class ProgressBar implements Progress {
    static final long REDRAW_MILLIS = 100;
    private static final int BAR_WIDTH = 20;
    private static final int MAX_LINE = 100;

    private final PrintWriter out;
    private final LongSupplier nanoClock;
    private final Map<String, Item> active = new LinkedHashMap<>();
    private long knownTotal;
    private long transferred;
    private int started;
    private int done;
    private int skipped;
    private long lastDraw;
    private boolean drawnOnce;
    private int lastLength;

    private record Item(String label, long size) {}

    ProgressBar(PrintWriter out, LongSupplier nanoClock) {
        this.out = out;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized void started(String id, String label, long size) {
        active.put(id, new Item(label, size));
        started++;
        if (size > 0) {
            knownTotal += size;
        }
        redraw(false);
    }

    @Override
    public synchronized void bytes(String id, long count) {
        transferred += count;
        redraw(false);
    }

    @Override
    public synchronized void skipped(String id, String label, long size, String reason) {
        Item wasActive = active.remove(id);
        if (wasActive != null) {
            started--;
            if (wasActive.size() > 0) {
                knownTotal -= wasActive.size();
            }
        }
        skipped++;
        redraw(false);
    }

    @Override
    public synchronized void done(String id) {
        active.remove(id);
        done++;
        redraw(false);
    }

    @Override
    public synchronized void close() {
        if (started + skipped == 0) {
            return;
        }
        active.clear();
        redraw(true);
        out.println();
        out.flush();
    }

    private void redraw(boolean force) {
        long now = nanoClock.getAsLong();
        if (!force && drawnOnce && now - lastDraw < TimeUnit.MILLISECONDS.toNanos(REDRAW_MILLIS)) {
            return;
        }
        lastDraw = now;
        drawnOnce = true;
        String line = render();
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastLength; i++) {
            sb.append(' ');
        }
        lastLength = line.length();
        out.print(sb);
        out.flush();
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        if (knownTotal > 0) {
            double fraction = Math.min(1.0, (double) transferred / knownTotal);
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100)))
                    .append("  ").append(ByteSizes.human(transferred)).append(" / ").append(ByteSizes.human(knownTotal));
        } else {
            sb.append(ByteSizes.human(transferred));
        }
        sb.append("  ").append(done).append('/').append(started).append(" done");
        if (skipped > 0) {
            sb.append("  ").append(skipped).append(" skipped");
        }
        if (!active.isEmpty()) {
            String current = null;
            for (Item item : active.values()) {
                current = item.label();
            }
            sb.append("  ").append(current);
        }
        return sb.length() > MAX_LINE ? sb.substring(0, MAX_LINE - 3) + "..." : sb.toString();
    }
}
