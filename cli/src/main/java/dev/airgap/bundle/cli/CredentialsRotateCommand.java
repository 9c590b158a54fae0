package dev.airgap.bundle.cli;

import dev.airgap.bundle.importer.pull.PullSecrets;
import dev.airgap.bundle.importer.pull.PullSecretsResult;
import dev.airgap.bundle.registry.config.RegistriesConfig;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bundle credentials rotate --target NAME}: a new pull token, and the Secrets that carry it. */
@Command(
    name = "rotate",
    mixinStandardHelpOptions = true,
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    header = "Give the target's pull credential a new token and rewrite the pull Secrets.",
    description = "For a Quay robot (\"pull\": {\"robot\": …}), regenerates its token, which revokes the old one at"
        + " once, then rewrites pull-secrets/<namespace>/secret.yaml in the output directory and lists the"
        + " `kubectl apply -f` commands that put the new token in the clusters; until they run, pulls with the old"
        + " token fail. For a token file, which this tool cannot renew, rewrites the Secrets from the file as it"
        + " is now: renew the credential in the registry and update the file first. The token is never printed.")
final class CredentialsRotateCommand implements Callable<Integer> {
  @Option(names = "--target", required = true, paramLabel = "NAME", description = "A target from registries.json.")
  private String targetName;

  @Option(names = "--config", paramLabel = "FILE",
      description = "registries.json (default: $BUNDLE_CONFIG, ./registries.json, ~/.config/bundle/registries.json).")
  private Path config;

  @Option(names = "--output-dir", paramLabel = "DIR",
      description = "The import's output directory, which holds pull-secrets/ (default: ./bundle-out/<target>/).")
  private Path outputDir;

  @Mixin private OutputOptions output;
  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Environment env = Environment.of(spec);
    Path cwd = Path.of("").toAbsolutePath();
    RegistriesConfig registries = RegistriesConfig.locateAndLoad(config, env.variables(), cwd,
        Path.of(System.getProperty("user.home")));
    TargetConfig target = registries.target(targetName);
    Path dir = outputDir != null ? outputDir : cwd.resolve("bundle-out").resolve(target.name());
    PullSecretsResult result = PullSecrets.rotate(target, dir);
    print(output.console(), target, result);
    return 0;
  }

  private static void print(Console console, TargetConfig target, PullSecretsResult r) {
    boolean robot = target.pull().usesRobot();
    List<String> apply = PullSecretsResult.applyCommands(r.changed());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("target", r.target());
    json.put("username", r.username());
    json.put("regenerated", robot);
    json.put("files", r.files().stream().map(Path::toString).toList());
    json.put("changed", r.changed().stream().map(Path::toString).toList());
    json.put("apply", apply);
    json.put("notes", r.notes());
    console.result(json, out -> {
      if (robot) {
        out.println("regenerated the token of robot account " + r.username() + " for target " + r.target()
            + "; the old token no longer works, so pulls fail until the new Secrets are applied:");
      } else if (r.changed().isEmpty()) {
        out.println("the Secrets of target " + r.target() + " already hold the credential in " + target.pull().tokenFile()
            + "; renew it in the registry and update that file, then run this again");
      } else {
        out.println("rewrote the Secrets of target " + r.target() + " from " + target.pull().tokenFile()
            + "; apply them:");
      }
      apply.forEach(command -> out.println("  " + command));
      r.notes().forEach(n -> out.println("note: " + n));
    });
  }
}
