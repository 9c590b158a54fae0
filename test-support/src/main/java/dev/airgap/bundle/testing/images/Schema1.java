package dev.airgap.bundle.testing.images;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates a Docker schema1 signed manifest. It has the real shape (fsLayers, history with
 * v1Compatibility strings, a JWS "signatures" block whose protected header carries
 * formatLength/formatTail as libtrust does) but the signature is random bytes: it only has to
 * look like schema1 to a tool that should refuse it.
 */
final class Schema1 {
    private Schema1() {}

    static TestSchema1 generate(long seed, String name, String tag) {
        Random rnd = new Random(seed);
        List<Blob> layers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            layers.add(Layers.generate(TestImages.mix(seed + i + 1), "layer" + i, 256, MediaTypes.DOCKER_LAYER_GZIP).blob());
        }
        // schema1 lists layers top-most first, with one v1 "image" JSON per layer chained by parent.
        List<Object> fsLayers = new ArrayList<>();
        List<Object> history = new ArrayList<>();
        String[] ids = {hex(rnd, 32), hex(rnd, 32)};
        for (int i = layers.size() - 1; i >= 0; i--) {
            fsLayers.add(Json.obj("blobSum", layers.get(i).digest()));
            Map<String, Object> v1 = Json.obj(
                    "architecture", i == layers.size() - 1 ? "amd64" : null,
                    "id", ids[i],
                    "parent", i > 0 ? ids[i - 1] : null,
                    "created", ImageConfig.CREATED,
                    "container_config", Json.obj("Cmd", List.of("/bin/sh -c #(nop) layer " + i)),
                    "os", i == layers.size() - 1 ? "linux" : null);
            history.add(Json.obj("v1Compatibility", Json.writeString(v1, Json.Style.COMPACT)));
        }
        Map<String, Object> doc = Json.obj(
                "schemaVersion", 1,
                "name", name,
                "tag", tag,
                "architecture", "amd64",
                "fsLayers", fsLayers,
                "history", history);

        // The JWS payload is the document without signatures; formatLength cuts it just before
        // the closing "\n}" that formatTail restores.
        byte[] payload = Json.write(doc, Json.Style.DOCKER_PRETTY);
        int formatLength = payload.length - 2;
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String protectedHeader = b64.encodeToString(Json.write(Json.obj(
                "formatLength", formatLength,
                "formatTail", b64.encodeToString("\n}".getBytes(StandardCharsets.US_ASCII)),
                "time", ImageConfig.CREATED), Json.Style.COMPACT));
        Map<String, Object> signature = Json.obj(
                "header", Json.obj(
                        "jwk", Json.obj(
                                "crv", "P-256",
                                "kid", kid(rnd),
                                "kty", "EC",
                                "x", b64.encodeToString(bytes(rnd, 32)),
                                "y", b64.encodeToString(bytes(rnd, 32))),
                        "alg", "ES256"),
                "signature", b64.encodeToString(bytes(rnd, 64)),
                "protected", protectedHeader);
        doc.put("signatures", List.of(signature));
        byte[] signed = Json.write(doc, Json.Style.DOCKER_PRETTY);
        return new TestSchema1(signed, MediaTypes.DOCKER_SCHEMA1_SIGNED, null, layers);
    }

    private static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static String hex(Random rnd, int n) {
        return HexFormat.of().formatHex(bytes(rnd, n));
    }

    /** libtrust key ids look like twelve colon-separated groups of four base32 characters. */
    private static String kid(Random rnd) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < 12; g++) {
            if (g > 0) {
                sb.append(':');
            }
            for (int c = 0; c < 4; c++) {
                sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
        }
        return sb.toString();
    }
}
