package dev.airgap.bundle.testing.images;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Builds layer blobs: real gzip-compressed ustar archives with seeded pseudo-random files. */
final class Layers {
    private Layers() {}

    /** A generated layer together with the digest of its uncompressed tar (the config's diff_id). */
    record Layer(Blob blob, String diffId) {}

    /**
     * A layer of a few files under {@code <dirName>/} whose contents add up to {@code contentSize}
     * bytes. Content is random, so it barely compresses and the blob is about that size too.
     */
    static Layer generate(long seed, String dirName, int contentSize, String mediaType) {
        Random rnd = new Random(seed);
        TarWriter tar = new TarWriter();
        tar.directory(dirName);
        // A small text file first: readable in `tar -xO` output, and ties the layer to its seed.
        tar.file(dirName + "/seed.txt", ("seed " + Long.toHexString(seed) + "\n").getBytes(StandardCharsets.US_ASCII));
        int files = 2 + rnd.nextInt(3);
        int remaining = contentSize;
        for (int i = 0; i < files; i++) {
            int size = i == files - 1 ? remaining : rnd.nextInt(remaining / (files - i) * 2 + 1);
            size = Math.min(size, remaining);
            byte[] content = new byte[size];
            rnd.nextBytes(content);
            tar.file(dirName + "/file" + i + ".bin", content);
            remaining -= size;
        }
        byte[] tarBytes = tar.finish();
        return new Layer(Blob.of(gzip(tarBytes), mediaType), Digests.sha256(tarBytes));
    }

    /**
     * diff_id of an existing layer blob: the digest of its uncompressed form. Blobs that are not
     * gzip (checked by magic bytes, not media type, so odd media types still work) are taken
     * to be uncompressed already.
     */
    static String diffIdOf(Blob blob) {
        byte[] b = blob.bytes();
        if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            return Digests.sha256(gunzip(b));
        }
        return blob.digest();
    }

    /**
     * GZIPOutputStream writes a fixed header (mtime 0, no file name), so the output depends only
     * on the input and the JDK's zlib, never on time or host.
     */
    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(data.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    static byte[] gunzip(byte[] data) {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return gz.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
