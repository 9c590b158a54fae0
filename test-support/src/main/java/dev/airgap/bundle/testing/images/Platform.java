package dev.airgap.bundle.testing.images;

import java.util.Map;

/** Image platform; {@code variant} may be null (it is omitted from JSON then). */
public record Platform(String os, String architecture, String variant) {

    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);

    public Platform {
        if (os == null || architecture == null) {
            throw new IllegalArgumentException("os and architecture are required");
        }
    }

    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, null);
    }

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(os, architecture, variant);
    }

    /** The "platform" object of an index entry. */
    Map<String, Object> toJson() {
        return Json.obj("architecture", architecture, "os", os, "variant", variant);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
