package dev.airgap.bundle.testing.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.airgap.bundle.testing.RegistryExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeds a real registry with skopeo, the way the tool's integration tests will. */
class RegistrySeedingTest {

    @TempDir
    static Path tmp;

    @RegisterExtension
    static RegistryExtension registry = RegistryExtension.anonymous();

    @Test
    void everyKindArrivesByteIdentical() {
        TestImages gen = TestImages.seeded(71);
        TestImage oci = gen.oci().build();
        TestImage arm = gen.oci().platform("linux", "arm64", "v8").sharedLayers(oci.layers()).layers(1).build();
        TestImage docker = gen.docker().oddWhitespace().build();
        TestImage dockerArm = gen.docker().platform("linux", "arm", "v7").build();
        Map<String, TestManifest> refs = new LinkedHashMap<>();
        refs.put("oci", oci);
        refs.put("odd", gen.oci().oddWhitespace().build());
        refs.put("docker", docker);
        refs.put("index", TestImages.index(oci, arm).oddWhitespace().build());
        refs.put("list", TestImages.index(docker, dockerArm).docker().build());
        refs.put("artifact", gen.artifact("application/vnd.example.thing+type")
                .config("application/vnd.example.unknown.config", new byte[] {1, 2, 3})
                .randomLayer("application/vnd.example.blob", 100).subject(oci).build());
        refs.put("at-cap", gen.oci().manifestSize(MediaTypes.MAX_MANIFEST_BYTES).build());

        for (Map.Entry<String, TestManifest> e : refs.entrySet()) {
            Path dir = OciLayoutWriter.write(tmp.resolve("layout-" + e.getKey()), e.getKey(), e.getValue());
            String dockerRef = registry.host() + "/fixtures/" + e.getKey() + ":v1";
            Skopeo.pushLayout(dir, e.getKey(), e.getValue(), dockerRef);
            assertArrayEquals(e.getValue().bytes(), Skopeo.inspectRaw(dockerRef, false), e.getKey());
            assertArrayEquals(e.getValue().bytes(),
                    Skopeo.inspectRaw(registry.host() + "/fixtures/" + e.getKey() + "@" + e.getValue().digest(), false));
        }
    }

    @Test
    void oneByteOverTheCapIsRefused() {
        TestImage over = TestImages.seeded(72).oci().manifestSize(MediaTypes.MAX_MANIFEST_BYTES + 1).build();
        Path dir = OciLayoutWriter.write(tmp.resolve("layout-over"), "over", over);
        assertThrows(Skopeo.SkopeoException.class,
                () -> Skopeo.pushLayout(dir, "over", over, registry.host() + "/fixtures/over:v1"));
    }
}
