package dev.airgap.bundle.cli;

import java.util.Locale;

/** Formats byte counts for people: {@code 512 B}, {@code 1.5 KiB}, {@code 12.3 MiB}. */
final class ByteSizes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSizes() {}

    static String human(long bytes) {
        if (bytes < 0) {
            return "? B";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
