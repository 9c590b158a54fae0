package dev.airgap.bundle.importer.pull;

import dev.airgap.bundle.importer.flavor.FlavorException;
import dev.airgap.bundle.importer.flavor.QuayRobots;
import dev.airgap.bundle.registry.RegistryCredentials;
import dev.airgap.bundle.registry.config.PullConfig;
import dev.airgap.bundle.registry.config.TargetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pull credentials for the clusters that run what was imported, from a target's {@code pull}
 * section. This tool never talks to a cluster: it writes, under {@code
 * <output dir>/pull-secrets/<namespace>/}, a {@code secret.yaml} ({@code
 * kubernetes.io/dockerconfigjson}) and a {@code serviceaccount-<account>.yaml} per linked service
 * account, for {@code kubectl apply -f}. Files are mode 0600, appear atomically, and are left
 * untouched when their content is already right, so a re-run changes nothing.
 *
 * <p>For a Quay robot the credential is the robot's login ({@code org+short} and its token); for a
 * {@code token-file}, the user and password that file holds for the target's host.
 */
public final class PullSecrets {
  /** The directory under the output directory that holds one directory per namespace. */
  public static final String DIR = "pull-secrets";
  static final String SECRET_FILE = "secret.yaml";

  private PullSecrets() {}

  /**
   * After a successful import: for a Quay robot, makes sure the robot exists and may read every
   * repository in {@code repositories} (the import's repositories, all of them, imported this time
   * or before), then writes the manifests with its current token; for a token file, writes them
   * from the file.
   *
   * @param repositories full target repository paths, as {@code ImportPlan.repositories()} lists them
   * @param outputDir the import's output directory; {@link #DIR} is made inside it
   * @throws PullSecretException when the target has no pull section or its credential is unusable
   * @throws FlavorException when Quay refuses (one sentence: permission, missing repository, ...)
   */
  public static PullSecretsResult provision(TargetConfig target, List<String> repositories, Path outputDir)
      throws IOException {
    Objects.requireNonNull(repositories, "repositories");
    PullConfig pull = requirePull(target, "--pull-secrets");
    RegistryCredentials.Basic login = pull.usesRobot()
        ? QuayRobots.forTarget(target).ensureReader(pull.robot(), repositories)
        : fromTokenFile(target, pull);
    return write(target, pull, login, outputDir);
  }

  /**
   * Replaces the credential: a Quay robot gets a new token (which revokes the old one at once), and
   * every Secret is rewritten with it. For a token file, which this tool cannot renew, the Secrets
   * are rewritten from the file as it is now, so renewing it elsewhere and then calling this has
   * the same effect. The files to re-apply are {@link PullSecretsResult#changed()}.
   */
  public static PullSecretsResult rotate(TargetConfig target, Path outputDir) throws IOException {
    PullConfig pull = requirePull(target, "rotation");
    RegistryCredentials.Basic login = pull.usesRobot()
        ? QuayRobots.forTarget(target).regenerate(pull.robot())
        : fromTokenFile(target, pull);
    return write(target, pull, login, outputDir);
  }

  private static PullSecretsResult write(TargetConfig target, PullConfig pull, RegistryCredentials.Basic login,
      Path outputDir) throws IOException {
    Path root = outputDir.resolve(DIR);
    List<Path> secrets = new ArrayList<>();
    List<Path> accounts = new ArrayList<>();
    List<Path> changed = new ArrayList<>();
    for (String namespace : pull.namespaces()) {
      Path dir = root.resolve(namespace);
      Path secret = dir.resolve(SECRET_FILE);
      record(secret, Manifests.secret(target.name(), pull.secretName(), namespace, target.host(), login),
          secrets, changed);
      for (String account : pull.serviceAccounts()) {
        record(dir.resolve("serviceaccount-" + account + ".yaml"),
            Manifests.serviceAccount(target.name(), pull.secretName(), namespace, account), accounts, changed);
      }
    }
    List<Path> all = new ArrayList<>(secrets);
    all.addAll(accounts);
    // Listed in files() order, so "re-apply these" reads Secrets first like everything else.
    return new PullSecretsResult(target.name(), login.username(), secrets, accounts,
        all.stream().filter(changed::contains).toList(), leftovers(outputDir, root, pull.namespaces()));
  }

  private static void record(Path file, String content, List<Path> files, List<Path> changed) throws IOException {
    files.add(file);
    if (PrivateFiles.write(file, content)) {
      changed.add(file);
    }
  }

  private static PullConfig requirePull(TargetConfig target, String what) {
    Objects.requireNonNull(target, "target");
    if (target.pull() == null) {
      throw new PullSecretException("target " + target.name() + " has no \"pull\" section in registries.json, so "
          + what + " has no credential to give clusters; add one, such as \"pull\": {\"robot\": \"NAME\", "
          + "\"namespaces\": [\"NAMESPACE\"]} for quay or \"pull\": {\"token-file\": \"FILE\", \"namespaces\": "
          + "[\"NAMESPACE\"]} for any flavor");
    }
    return target.pull();
  }

  /** The token file's user and password for the target host; kubelet cannot use an identity token. */
  private static RegistryCredentials.Basic fromTokenFile(TargetConfig target, PullConfig pull) {
    Optional<RegistryCredentials> found = target.pullTokenCredentials().credentialsFor(target.host());
    if (found.isPresent() && found.get() instanceof RegistryCredentials.Basic basic) {
      return basic;
    }
    throw new PullSecretException("the pull token-file " + pull.tokenFile() + " of target " + target.name()
        + " holds an identity token for " + target.host() + ", which Kubernetes cannot pull with; write a "
        + "username and password (or token) into it instead, as 'podman login --authfile FILE' does");
  }

  /** Namespace directories an earlier config made; their Secrets still work until deleted. */
  private static List<String> leftovers(Path outputDir, Path root, List<String> namespaces) throws IOException {
    List<String> notes = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(".") && !namespaces.contains(name)) {
          notes.add(outputDir.relativize(dir) + " is left from an earlier run for namespace " + name
              + ", which the pull section no longer lists; its Secret keeps working until deleted "
              + "(kubectl delete -f " + dir.resolve(SECRET_FILE) + "), then remove the directory.");
        }
      }
    }
    return notes;
  }
}
