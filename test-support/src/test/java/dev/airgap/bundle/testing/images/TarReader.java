package dev.airgap.bundle.testing.images;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Independent ustar reader for the tests: checks each header's checksum and magic and returns
 * entry name to content (directories map to an empty array), in archive order.
 */
final class TarReader {
    private TarReader() {}

    static Map<String, byte[]> read(byte[] tar) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        int off = 0;
        while (true) {
            if (off + 512 > tar.length) {
                throw new IllegalArgumentException("archive ends without two zero blocks");
            }
            byte[] h = Arrays.copyOfRange(tar, off, off + 512);
            if (isZero(h)) {
                if (off + 1024 > tar.length || !isZero(Arrays.copyOfRange(tar, off + 512, off + 1024))) {
                    throw new IllegalArgumentException("missing second end-of-archive block");
                }
                return entries;
            }
            long stored = octal(h, 148, 8);
            long sum = 0;
            for (int j = 0; j < 512; j++) {
                sum += (j >= 148 && j < 156) ? ' ' : (h[j] & 0xff);
            }
            if (sum != stored) {
                throw new IllegalArgumentException("bad header checksum at " + off);
            }
            if (!"ustar\0".equals(new String(h, 257, 6, StandardCharsets.US_ASCII))) {
                throw new IllegalArgumentException("not a ustar header at " + off);
            }
            String name = cstr(h, 0, 100);
            int size = (int) octal(h, 124, 12);
            off += 512;
            entries.put(name, Arrays.copyOfRange(tar, off, off + size));
            off += (size + 511) / 512 * 512;
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static long octal(byte[] h, int off, int len) {
        String s = cstr(h, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

    private static String cstr(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }
}
