package dev.airgap.bundle.testing.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes fixtures as an OCI image layout directory, so a test can seed a registry with skopeo
 * (independently of the client under test):
 *
 * <pre>{@code
 * OciLayoutWriter.write(dir, Map.of("app", image));
 * Skopeo.copy("oci:" + dir + ":app", "docker://127.0.0.1:5000/repo:tag",
 *         "--preserve-digests", "--dest-tls-verify=false");   // plus "--all" for an index
 * }</pre>
 */
public final class OciLayoutWriter {
    private OciLayoutWriter() {}

    /**
     * Writes {@code oci-layout}, {@code index.json} (one entry per ref, named with the
     * org.opencontainers.image.ref.name annotation, in map order) and every manifest and blob
     * reachable from the given manifests under {@code blobs/sha256/}. Creates {@code dir} if
     * needed; an existing index.json is replaced, existing blobs are kept (same digest, same bytes).
     */
    public static Path write(Path dir, Map<String, ? extends TestManifest> refs) {
        try {
            Path blobs = dir.resolve("blobs").resolve("sha256");
            Files.createDirectories(blobs);
            Files.write(dir.resolve("oci-layout"), Json.write(Json.obj("imageLayoutVersion", "1.0.0"), Json.Style.COMPACT));
            List<Object> entries = new ArrayList<>();
            for (Map.Entry<String, ? extends TestManifest> e : refs.entrySet()) {
                TestManifest root = e.getValue();
                for (TestManifest m : root.allManifests()) {
                    writeBlob(blobs, m.asBlob());
                }
                for (Blob b : root.allBlobs()) {
                    writeBlob(blobs, b);
                }
                Map<String, Object> entry = root.descriptor().toJson();
                entry.put("annotations", Json.obj(MediaTypes.REF_NAME_ANNOTATION, e.getKey()));
                entries.add(entry);
            }
            Map<String, Object> index = Json.obj("schemaVersion", 2, "mediaType", MediaTypes.OCI_INDEX, "manifests", entries);
            Files.write(dir.resolve("index.json"), Json.write(index, Json.Style.COMPACT));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Single-ref convenience. */
    public static Path write(Path dir, String ref, TestManifest manifest) {
        Map<String, TestManifest> one = new LinkedHashMap<>();
        one.put(ref, manifest);
        return write(dir, one);
    }

    private static void writeBlob(Path blobs, Blob blob) throws IOException {
        Path p = blobs.resolve(Digests.hex(blob.digest()));
        byte[] bytes = blob.bytes();
        if (Files.exists(p)) {
            if (!Arrays.equals(Files.readAllBytes(p), bytes)) {
                throw new IOException("existing blob differs from its digest's content: " + p);
            }
            return;
        }
        Files.write(p, bytes);
    }
}
