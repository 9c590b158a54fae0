package dev.airgap.bundle.registry.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A target's {@code pull} section: how clusters get the credential to pull what was imported.
 * Exactly one source: a Quay robot account this tool creates and keeps readable on every imported
 * repository, or a docker-config auth file holding a credential made some other way.
 *
 * @param robot the robot's short name (the part after {@code org+}), or null
 * @param tokenFile absolute path of a docker-config auth file with an entry for the target host,
 *     or null
 * @param namespaces Kubernetes namespaces that get a pull Secret, in config order
 * @param serviceAccounts the service accounts in each namespace to link the Secret to
 * @param secretName the Secret's name
 */
public record PullConfig(
    String robot, Path tokenFile, List<String> namespaces, List<String> serviceAccounts, String secretName) {
  /** Quay's rule for a robot's short name; callers rely on it to put the name in a URL path. */
  public static final Pattern ROBOT_NAME = Pattern.compile("[a-z][a-z0-9_]{1,254}");
  /** A Kubernetes namespace name: an RFC 1123 label. */
  static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  /** A Kubernetes object name (Secret, ServiceAccount): an RFC 1123 subdomain. */
  static final Pattern SUBDOMAIN = Pattern.compile(
      "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  /**
   * Linked when the config names no service account: {@code deployer} where the distribution has
   * one, {@code default} everywhere; writing both means either works.
   */
  public static final List<String> DEFAULT_SERVICE_ACCOUNTS = List.of("deployer", "default");

  public PullConfig {
    if ((robot == null) == (tokenFile == null)) {
      throw new IllegalArgumentException("a pull section needs exactly one of robot and token-file");
    }
    if (robot != null && !ROBOT_NAME.matcher(robot).matches()) {
      throw new IllegalArgumentException("'" + robot + "' is not a Quay robot short name");
    }
    RegistryConfig.requireAbsolute(tokenFile, "token-file");
    namespaces = requireNames(namespaces, LABEL, "namespace");
    serviceAccounts = requireNames(serviceAccounts, SUBDOMAIN, "service account");
    Objects.requireNonNull(secretName, "secretName");
    if (!SUBDOMAIN.matcher(secretName).matches()) {
      throw new IllegalArgumentException("'" + secretName + "' is not a Kubernetes object name");
    }
  }

  /** Whether the credential is a Quay robot this tool manages (and can rotate). */
  public boolean usesRobot() {
    return robot != null;
  }

  /**
   * {@code bundle-pull-<target>}: the target name lowercased, with each run of anything but a
   * letter or digit made one {@code -}, so any target name gives a valid Kubernetes name.
   */
  public static String defaultSecretName(String targetName) {
    String slug = targetName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", "");
    return "bundle-pull-" + slug;
  }

  private static List<String> requireNames(List<String> names, Pattern pattern, String what) {
    List<String> copy = List.copyOf(names);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("a pull section needs at least one " + what);
    }
    for (String name : copy) {
      if (!pattern.matcher(name).matches()) {
        throw new IllegalArgumentException("'" + name + "' is not a Kubernetes " + what + " name");
      }
    }
    if (new HashSet<>(copy).size() != copy.size()) {
      throw new IllegalArgumentException("a " + what + " is listed twice");
    }
    return copy;
  }
}
