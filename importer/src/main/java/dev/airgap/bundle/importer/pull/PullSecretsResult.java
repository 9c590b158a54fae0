package dev.airgap.bundle.importer.pull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link PullSecrets} wrote. Holds no secret: the credential went into the files only.
 *
 * @param target the target's name
 * @param username who the Secrets log in as (the robot's {@code org+short}, or the token file's user)
 * @param secrets the Secret manifests, one per namespace, in config order
 * @param serviceAccounts the ServiceAccount manifests, per namespace then per account
 * @param changed the files whose content this run changed (new or different); empty when a re-run
 *     found everything as it should be
 * @param notes remarks for the operator, e.g. a namespace directory left from an earlier config
 */
public record PullSecretsResult(
    String target, String username, List<Path> secrets, List<Path> serviceAccounts, List<Path> changed,
    List<String> notes) {
  public PullSecretsResult {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(username, "username");
    secrets = List.copyOf(secrets);
    serviceAccounts = List.copyOf(serviceAccounts);
    changed = List.copyOf(changed);
    notes = List.copyOf(notes);
  }

  /** Every file, Secrets first: applying in this order never links an account to a missing Secret. */
  public List<Path> files() {
    List<Path> all = new ArrayList<>(secrets);
    all.addAll(serviceAccounts);
    return List.copyOf(all);
  }

  /** {@code kubectl apply -f FILE} for each of {@code files}, for the operator to copy. */
  public static List<String> applyCommands(List<Path> files) {
    return files.stream().map(f -> "kubectl apply -f " + f).toList();
  }
}
