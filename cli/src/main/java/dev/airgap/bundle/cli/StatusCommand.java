package dev.airgap.bundle.cli;

import dev.airgap.bundle.importer.TargetStatus;
import dev.airgap.bundle.importer.ledger.ChannelState;
import dev.airgap.bundle.registry.RegistryClient;
import dev.airgap.bundle.registry.config.RegistriesConfig;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bundle status --target NAME}: the ledger against the registry. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    synopsisHeading = "%nUsage: ",
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    header = "Compare a target's ledger with its registry: deleted or moved tags, missing repositories.",
    description = "Reads the ledger the importer keeps in the target registry and checks every tag it recorded."
        + " Deleted tags and missing repositories are restored by importing the last bundle again; moved tags"
        + " only with `bundle import --force-retag`.")
final class StatusCommand implements Callable<Integer> {
  @Option(names = "--target", required = true, paramLabel = "NAME", description = "A target from registries.json.")
  private String targetName;

  @Option(names = "--config", paramLabel = "FILE", description = "registries.json (default: as for import).")
  private Path config;

  @Mixin private TimeoutOption timeout;
  @Mixin private OutputOptions output;
  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Environment env = Environment.of(spec);
    RegistriesConfig registries = RegistriesConfig.locateAndLoad(config, env.variables(), Path.of("").toAbsolutePath(),
        Path.of(System.getProperty("user.home")));
    TargetConfig target = registries.target(targetName);
    RegistryClient client = RegistryClient.builder(target.settings()).credentials(target.pushCredentials())
        .timeout(timeout.timeout()).settingNames(target.settingNames()).build();
    TargetStatus status = TargetStatus.of(target, client);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("target", status.target());
    json.put("ledger", status.ledger().isPresent());
    json.put("clean", status.clean());
    Map<String, Object> channels = new LinkedHashMap<>();
    status.ledger().ifPresent(l -> l.channels().forEach((name, c) -> channels.put(name, Map.of("sequence", c.sequence(),
        "bundleId", c.bundleId()))));
    json.put("channels", channels);
    json.put("tags", status.tags().stream().map(e -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tag", e.repository() + ":" + e.tag());
      m.put("state", e.state().name().toLowerCase());
      m.put("recorded", e.recorded().toString());
      m.put("current", e.current() == null ? null : e.current().toString());
      return m;
    }).toList());
    json.put("missingRepositories", status.missingRepositories());
    output.console().result(json, out -> {
      if (status.ledger().isEmpty()) {
        out.println(status.target() + ": no ledger yet (nothing imported by bundle)");
        return;
      }
      for (Map.Entry<String, ChannelState> c : status.ledger().get().channels().entrySet()) {
        out.println(status.target() + ": channel " + c.getKey() + " at sequence " + c.getValue().sequence()
            + " (bundle " + c.getValue().bundleId() + ")");
      }
      out.println("  " + status.count(TargetStatus.State.OK) + " tags as imported, " + status.count(TargetStatus.State.MISSING)
          + " deleted, " + status.count(TargetStatus.State.MOVED) + " moved outside bundle");
      for (TargetStatus.Entry e : status.tags()) {
        if (e.state() == TargetStatus.State.MISSING) {
          out.println("  deleted: " + e.repository() + ":" + e.tag() + " (re-import bundle " + e.bundleId() + " to restore)");
        } else if (e.state() == TargetStatus.State.MOVED) {
          out.println("  moved:   " + e.repository() + ":" + e.tag() + " now " + e.current() + ", was " + e.recorded()
              + " (import with --force-retag to put it back)");
        }
      }
      status.missingRepositories().forEach(r -> out.println("  missing repository: " + r));
      out.println(status.clean() ? "  clean" : "  NOT clean");
    });
    return 0;
  }
}
