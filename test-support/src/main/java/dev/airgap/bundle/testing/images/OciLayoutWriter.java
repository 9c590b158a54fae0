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
 * OciLayoutWriter.write(dir, "app", image);
 * Skopeo.copy(OciLayoutWriter.skopeoRef(dir, "app", image), "docker://127.0.0.1:5000/repo:tag",
 *         "--preserve-digests", "--dest-tls-verify=false");   // plus "--all" for an index
 * // or simply: Skopeo.pushLayout(dir, "app", image, "127.0.0.1:5000/repo:tag");
 * }</pre>
 *
 * <p>Caveat, skopeo 1.9 (containers/image 5.23): {@code oci:DIR:REF} only finds entries whose
 * media type is the OCI manifest or index type. Docker schema2 manifests and manifest lists are
 * valid in a layout but skopeo finds them only as the sole entry, addressed as {@code oci:DIR}.
 * So write each Docker-typed fixture into its own directory and use {@link #skopeoRef}.
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

    /**
     * The skopeo source reference for {@code root} written under {@code ref} in {@code dir}:
     * {@code oci:DIR:REF} for OCI-typed roots, {@code oci:DIR} for Docker-typed ones, which
     * requires that {@code root} is the only entry of that layout (see the class comment).
     */
    public static String skopeoRef(Path dir, String ref, TestManifest root) {
        boolean ociTyped = MediaTypes.OCI_MANIFEST.equals(root.mediaType()) || MediaTypes.OCI_INDEX.equals(root.mediaType());
        return ociTyped ? "oci:" + dir + ":" + ref : "oci:" + dir;
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
