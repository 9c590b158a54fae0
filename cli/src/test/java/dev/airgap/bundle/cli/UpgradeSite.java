package dev.airgap.bundle.cli;

import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.RegistrySettings;
import dev.airgap.bundle.testing.RegistryExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An upstream registry, a target "lab" under the path {@code m}, a catalog {@code releases.yaml}
 * and the key pair {@code k} in {@code shared}, and a per-test scratch directory: what the
 * upgrade and lifecycle tests drive the command line against.
 */
record UpgradeSite(RegistryExtension upstream, RegistryExtension target, Path shared, Path temp) {

  Path config() throws IOException {
    return Files.writeString(temp.resolve("registries.json"), "{\"registries\":{\"" + upstream.host() + "\":{\"plain-http\":true}},"
        + "\"targets\":{\"lab\":{\"url\":\"" + target.host() + "/m\",\"plain-http\":true}}}");
  }

  CliRun export(Path out, String... extra) throws IOException {
    return run(List.of("export", "--catalog", shared.resolve("releases.yaml").toString(), "--config", config().toString(),
        "--output", out.toString(), "--sign-key", shared.resolve("k.key").toString(), "--cache", temp.resolve("cache").toString()),
        extra);
  }

  CliRun importBundle(Path bundle, Path outDir, String... extra) throws IOException {
    return run(List.of("import", bundle.toString(), "--target", "lab", "--config", config().toString(),
        "--trust", shared.resolve("k.pub").toString(), "--output-dir", outDir.toString(), "--json"), extra);
  }

  RegistryClient targetClient() {
    return RegistryClient.builder(RegistrySettings.secure(target.host()).withPlainHttp(true)).build();
  }

  private static CliRun run(List<String> base, String... extra) {
    List<String> args = new ArrayList<>(base);
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }
}
