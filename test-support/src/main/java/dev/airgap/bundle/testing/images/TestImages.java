package dev.airgap.bundle.testing.images;

import java.util.List;
import java.util.Random;

/**
 * Entry point of the fixture generator. Everything is derived from one seed, so a failing test
 * reproduces exactly:
 *
 * <pre>{@code
 * TestImages gen = TestImages.seeded(42);
 * TestImage amd = gen.oci().layers(3).layerSize(64 * 1024).build();
 * TestImage arm = gen.oci().platform("linux", "arm64", "v8").sharedLayers(amd.layers().get(0)).build();
 * TestIndex idx = TestImages.index(amd, arm).build();
 * TestArtifact sig = gen.artifact("application/vnd.example.thing+type").subject(idx).build();
 * }</pre>
 *
 * <p>Each builder obtained from the same {@code TestImages} gets the next seed of a sequence, so
 * successive images differ from each other, while the whole sequence is the same on every run.
 * Calling {@code build()} twice on one builder yields identical bytes.
 *
 * <p>Not thread-safe; use one instance per test.
 */
public final class TestImages {
    private final long seed;
    private long counter;

    private TestImages(long seed) {
        this.seed = seed;
    }

    public static TestImages seeded(long seed) {
        return new TestImages(seed);
    }

    /** Builder for an OCI image manifest (the default format). */
    public ImageBuilder oci() {
        return new ImageBuilder(nextSeed()).oci();
    }

    /** Builder for a Docker schema2 image manifest. */
    public ImageBuilder docker() {
        return new ImageBuilder(nextSeed()).docker();
    }

    /** Builder for an OCI 1.1 artifact; {@code artifactType} may be null to omit the field. */
    public ArtifactBuilder artifact(String artifactType) {
        return new ArtifactBuilder(nextSeed(), artifactType);
    }

    /** Builder for an OCI index (default) or, with {@code .docker()}, a Docker manifest list. */
    public static IndexBuilder index(List<? extends TestManifest> children) {
        return new IndexBuilder(children);
    }

    public static IndexBuilder index(TestManifest... children) {
        return new IndexBuilder(List.of(children));
    }

    /**
     * A stand-alone OCI gzip tar layer with about {@code contentSize} bytes of file content, for
     * {@link ImageBuilder#sharedLayers} (base layers shared between images).
     */
    public Blob layer(int contentSize) {
        return Layers.generate(nextSeed(), "shared", contentSize, MediaTypes.OCI_LAYER_GZIP).blob();
    }

    /** {@code size} pseudo-random bytes under any media type, e.g. an artifact payload. */
    public Blob randomBlob(int size, String mediaType) {
        return Blob.of(randomBytes(nextSeed(), size), mediaType);
    }

    /** A Docker schema1 signed manifest with two layers, for rejection tests. */
    public TestSchema1 schema1() {
        return Schema1.generate(nextSeed(), "test/schema1", "latest");
    }

    private long nextSeed() {
        return mix(seed + 0x9E3779B97F4A7C15L * ++counter);
    }

    static byte[] randomBytes(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /**
     * SplitMix64 finalizer: turns related seeds (42, 43, seed+i) into unrelated ones, so derived
     * streams do not overlap the way consecutive java.util.Random seeds partly would.
     */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
