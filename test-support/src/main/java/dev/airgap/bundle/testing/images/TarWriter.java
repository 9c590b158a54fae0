package dev.airgap.bundle.testing.images;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Minimal POSIX ustar writer. Hand-rolled because the module may only use the JDK, and because
 * owning the header bytes keeps layer content (and thus diff_ids) fully deterministic:
 * fixed owner, mode and mtime, no PAX records, no host user names.
 */
final class TarWriter {
    static final int BLOCK = 512;

    /** Fixed mtime (2024-01-01T00:00:00Z) so layer bytes never depend on the clock. */
    static final long MTIME = 1704067200L;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean finished;

    void directory(String name) {
        String n = name.endsWith("/") ? name : name + "/";
        header(n, 0755, 0, '5');
    }

    void file(String name, byte[] content) {
        header(name, 0644, content.length, '0');
        out.write(content, 0, content.length);
        pad(content.length);
    }

    /** Ends the archive with the two zero blocks the format requires and returns its bytes. */
    byte[] finish() {
        if (!finished) {
            out.write(new byte[2 * BLOCK], 0, 2 * BLOCK);
            finished = true;
        }
        return out.toByteArray();
    }

    private void header(String name, int mode, long size, char type) {
        if (finished) {
            throw new IllegalStateException("archive already finished");
        }
        byte[] h = new byte[BLOCK];
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length > 100) {
            // ustar could split into prefix+name, but fixtures never need long names.
            throw new IllegalArgumentException("tar entry name longer than 100 bytes: " + name);
        }
        System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
        octal(h, 100, 8, mode);      // mode
        octal(h, 108, 8, 0);         // uid
        octal(h, 116, 8, 0);         // gid
        octal(h, 124, 12, size);     // size
        octal(h, 136, 12, MTIME);    // mtime
        h[156] = (byte) type;        // typeflag
        ascii(h, 257, "ustar\0");    // magic (POSIX ustar, not the old GNU "ustar  ")
        ascii(h, 263, "00");         // version
        ascii(h, 265, "root");       // uname
        ascii(h, 297, "root");       // gname
        octal(h, 329, 8, 0);         // devmajor
        octal(h, 337, 8, 0);         // devminor

        // Checksum: unsigned sum of the header with the checksum field itself read as 8 spaces,
        // stored as six octal digits, NUL, space (the layout GNU tar and Go's archive/tar write).
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        String chk = String.format("%06o", sum);
        ascii(h, 148, chk);
        h[154] = 0;
        h[155] = ' ';
        out.write(h, 0, BLOCK);
    }

    private void pad(long size) {
        int rem = (int) (size % BLOCK);
        if (rem != 0) {
            out.write(new byte[BLOCK - rem], 0, BLOCK - rem);
        }
    }

    /** Zero-padded octal digits filling the field except for a terminating NUL. */
    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        int digits = len - 1;
        if (s.length() > digits) {
            throw new IllegalArgumentException("value too large for tar field: " + value);
        }
        ascii(h, off, "0".repeat(digits - s.length()) + s);
        h[off + digits] = 0;
    }

    private static void ascii(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
