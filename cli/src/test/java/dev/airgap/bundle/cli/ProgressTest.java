package dev.airgap.bundle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final StringWriter sink = new StringWriter();
    private final PrintWriter writer = new PrintWriter(sink, true);
    private final AtomicLong clock = new AtomicLong();

    private static final long MIB = 1024 * 1024;

    @Test
    void plainLinesForLogsAndCi() {
        try (Progress progress = new ProgressLines(writer)) {
            progress.started("sha256:aa", "layer sha256:aa of nginx:1.25", 3 * MIB);
            progress.bytes("sha256:aa", MIB);
            progress.bytes("sha256:aa", 2 * MIB);
            progress.skipped("sha256:bb", "layer sha256:bb of nginx:1.25", 512, "already in the bundle");
            progress.done("sha256:aa");
        }

        assertEquals("""
                start layer sha256:aa of nginx:1.25 (3.0 MiB)
                skip  layer sha256:bb of nginx:1.25 (512 B): already in the bundle
                done  layer sha256:aa of nginx:1.25 (3.0 MiB)
                1 done, 1 skipped, 3.0 MiB transferred
                """, sink.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void plainLinesReportTransferredBytesWhenTheSizeWasUnknown() {
        try (Progress progress = new ProgressLines(writer)) {
            progress.started("m", "manifest of nginx:1.25", -1);
            progress.bytes("m", 1536);
            progress.done("m");
        }

        assertTrue(sink.toString().startsWith("start manifest of nginx:1.25\n"), sink.toString());
        assertTrue(sink.toString().contains("done  manifest of nginx:1.25 (1.5 KiB)"), sink.toString());
    }

    @Test
    void barRedrawsInPlaceAtMostEvery100Milliseconds() {
        ProgressBar bar = new ProgressBar(writer, clock::get);

        bar.started("a", "layer a", 10 * MIB);      // first event draws
        bar.bytes("a", 5 * MIB);                   // same instant: throttled
        String afterFirstDraw = sink.toString();
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(ProgressBar.REDRAW_MILLIS));
        bar.bytes("a", MIB);                       // 100 ms later: drawn

        String[] frames = sink.toString().split("\r", -1);
        assertEquals(1, afterFirstDraw.split("\r", -1).length - 1, afterFirstDraw);
        assertEquals(3, frames.length, "two frames, each starting with \\r: " + sink);
        assertTrue(frames[2].startsWith("[############........]  60%  6.0 MiB / 10.0 MiB  0/1 done  layer a"),
                frames[2]);
        assertFalse(sink.toString().contains("\n"), "no newline before close");
    }

    @Test
    void barEndsItsLineOnCloseWithTheFinalCounts() {
        ProgressBar bar = new ProgressBar(writer, clock::get);
        bar.started("a", "layer a", 2 * MIB);
        bar.bytes("a", 2 * MIB);
        bar.done("a");
        bar.skipped("b", "layer b", MIB, "target has it");

        bar.close();

        String output = sink.toString();
        assertTrue(output.endsWith("\n") || output.endsWith(System.lineSeparator()), output);
        String last = output.substring(output.lastIndexOf('\r') + 1).strip();
        assertEquals("[####################] 100%  2.0 MiB / 2.0 MiB  1/1 done  1 skipped", last);
    }

    @Test
    void barPadsShorterFramesSoNoOldCharactersRemain() {
        ProgressBar bar = new ProgressBar(writer, clock::get);
        bar.started("a", "a very long label for the first item", -1);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        bar.done("a");

        String[] frames = sink.toString().split("\r", -1);
        assertTrue(frames[2].length() >= frames[1].length(), "second frame covers the first: " + sink);
    }

    @Test
    void barWithNoEventsPrintsNothing() {
        new ProgressBar(writer, clock::get).close();
        new ProgressLines(writer).close();

        assertEquals("", sink.toString());
    }

    @Test
    void consolePicksTheBarOnlyForAnInteractiveTerminal() {
        assertInstanceOf(ProgressBar.class, console(true).progress());
        assertInstanceOf(ProgressLines.class, console(false).progress());
    }

    private Console console(boolean interactive) {
        return new Console(writer, writer, false, interactive, clock::get);
    }

    @Test
    void interactiveNeedsAConsoleAndNoCi() {
        assertTrue(new Environment(Map.of(), true).interactive());
        assertFalse(new Environment(Map.of(), false).interactive());
        assertFalse(new Environment(Map.of("CI", "true"), true).interactive());
        assertFalse(new Environment(Map.of("CI", "1"), true).interactive());
        assertTrue(new Environment(Map.of("CI", "false"), true).interactive());
        assertFalse(new Environment(Map.of("TERM", "dumb"), true).interactive());
    }

    @Test
    void byteSizesReadWell() {
        assertEquals("0 B", ByteSizes.human(0));
        assertEquals("1023 B", ByteSizes.human(1023));
        assertEquals("1.0 KiB", ByteSizes.human(1024));
        assertEquals("12.3 MiB", ByteSizes.human((long) (12.3 * MIB)));
        assertEquals("2.0 GiB", ByteSizes.human(2048 * MIB));
        assertEquals("? B", ByteSizes.human(-1));
    }
}
