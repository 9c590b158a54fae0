package dev.airgap.bundle.testing.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The image config JSON: enough of the OCI/Docker config schema for real tools to accept it. */
final class ImageConfig {
    private ImageConfig() {}

    static final String CREATED = "2024-01-01T00:00:00Z";

    static Map<String, Object> json(long seed, Platform platform, List<String> diffIds) {
        // One history entry per layer: tools cross-check non-empty history against diff_ids.
        List<Object> history = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            history.add(Json.obj("created", CREATED, "created_by", "dev.airgap test layer " + i));
        }
        return Json.obj(
                "architecture", platform.architecture(),
                "config", Json.obj(
                        "Env", List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                        "Cmd", List.of("/bin/sh"),
                        // The seed label makes every built config (and so every image) distinct,
                        // even two images made only of the same shared layers.
                        "Labels", Json.obj("dev.airgap.test.seed", Long.toHexString(seed))),
                "created", CREATED,
                "history", history,
                "os", platform.os(),
                "rootfs", Json.obj("type", "layers", "diff_ids", diffIds),
                "variant", platform.variant());
    }
}
