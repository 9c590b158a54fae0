package dev.airgap.bundle.registry.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airgap.bundle.format.ImageRef;
import dev.airgap.bundle.registry.RegistrySettings;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a schema-valid tree into records, checking what a schema cannot express well: that a url
 * splits into a real host and repository prefix, that file paths resolve, that flavor options
 * belong to the target's flavor. Problems are collected, not thrown one at a time.
 */
final class ConfigBinder {
  private final Path baseDir;
  private final List<String> problems = new ArrayList<>();

  /** {@code baseDir}: the config file's directory, against which relative paths resolve. */
  ConfigBinder(Path baseDir) {
    this.baseDir = baseDir.toAbsolutePath().normalize();
  }

  List<String> problems() {
    return problems;
  }

  /** Registries keyed by canonical host (Docker Hub aliases folded together). */
  Map<String, RegistryConfig> registries(JsonNode root) {
    Map<String, RegistryConfig> out = new LinkedHashMap<>();
    Map<String, String> spelledAs = new LinkedHashMap<>();
    root.path("registries").fields().forEachRemaining(e -> {
      String host = e.getKey();
      String at = "$.registries." + host;
      JsonNode node = e.getValue();
      String canonical = Hosts.canonical(host);
      String earlier = spelledAs.putIfAbsent(canonical, host);
      if (earlier != null) {
        problems.add(at + ": the same registry as '" + earlier + "' (both are Docker Hub); keep one entry");
        return;
      }
      checkHost(host, at);
      try {
        out.put(canonical, new RegistryConfig(host,
            node.path("tls-verify").asBoolean(true),
            node.path("plain-http").asBoolean(false),
            file(node, "ca-file", at),
            file(node.path("tokens"), "pull", at + ".tokens")));
      } catch (IllegalArgumentException ex) {
        problems.add(at + ": " + ex.getMessage());
      }
    });
    return out;
  }

  /**
   * Targets by name. A target whose host also has an entry under {@code registries} takes that
   * entry's connection settings and token files for every key it does not set itself.
   */
  Map<String, TargetConfig> targets(JsonNode root) {
    Map<String, JsonNode> hostEntries = new LinkedHashMap<>();
    root.path("registries").fields().forEachRemaining(e -> hostEntries.putIfAbsent(Hosts.canonical(e.getKey()), e.getValue()));
    Map<String, TargetConfig> out = new LinkedHashMap<>();
    root.path("targets").fields().forEachRemaining(e -> {
      TargetConfig target = target(e.getKey(), e.getValue(), hostEntries);
      if (target != null) {
        out.put(e.getKey(), target);
      }
    });
    return out;
  }

  private TargetConfig target(String name, JsonNode node, Map<String, JsonNode> hostEntries) {
    String at = "$.targets." + name;
    int before = problems.size();
    Flavor flavor = Flavor.fromConfigName(node.path("flavor").asText("generic")).orElseThrow();
    String url = node.path("url").asText();
    String host = url;
    String prefix = "";
    int slash = url.indexOf('/');
    if (slash >= 0) {
      host = url.substring(0, slash);
      prefix = stripTrailingSlashes(url.substring(slash + 1));
    }
    checkHost(host, at + ".url");
    HostDefaults inherited = new HostDefaults(node, hostEntries.get(Hosts.canonical(host)), host);
    if (!prefix.isEmpty()) {
      try {
        ImageRef.requireValidRepository(prefix);
      } catch (IllegalArgumentException ex) {
        problems.add(at + ".url: the path '" + prefix + "' is not a repository prefix "
            + "(lowercase components such as org/mirror)");
      }
    }
    if (prefix.isEmpty() && (flavor == Flavor.QUAY || flavor == Flavor.HARBOR)) {
      String owner = flavor == Flavor.QUAY ? "organization" : "project";
      problems.add(at + ".url: a " + flavor.configName() + " target needs the " + owner
          + " in the url, as host/" + owner);
    }
    for (Flavor other : Flavor.values()) {
      if (other.hasOptions() && other != flavor && node.has(other.configName())) {
        problems.add(at + "." + other.configName() + ": options for flavor " + other.configName()
            + ", but this target's flavor is " + flavor.configName());
      }
    }
    Map<TokenRole, Path> tokens = new EnumMap<>(TokenRole.class);
    for (TokenRole role : List.of(TokenRole.PUSH, TokenRole.API)) {
      Path p = file(inherited.tokens(role.configName()), role.configName(), inherited.tokensAt(role.configName(), at));
      if (p != null) {
        tokens.put(role, p);
      }
    }
    Path caFile = file(inherited.node("ca-file"), "ca-file", inherited.at("ca-file", at));
    RepositoryTemplate template = flavor.defaultRepositoryTemplate();
    if (node.has("repository")) {
      try {
        template = new RepositoryTemplate(node.get("repository").asText());
      } catch (IllegalArgumentException ex) {
        problems.add(at + ".repository: " + ex.getMessage());
      }
    }
    URI apiUrl = null;
    if (node.has("api-url")) {
      try {
        apiUrl = ApiUrls.parse(node.get("api-url").asText());
      } catch (IllegalArgumentException ex) {
        problems.add(at + ".api-url: " + ex.getMessage());
      }
    }
    String ledger = null;
    if (node.has("ledger")) {
      // The schema checked the shape; the record would throw on anything it missed, and a
      // problem collected here is reported with all the others instead.
      try {
        ledger = ImageRef.requireValidRepository(node.get("ledger").asText());
      } catch (IllegalArgumentException ex) {
        problems.add(at + ".ledger: " + ex.getMessage());
      }
    }
    if (flavor == Flavor.NEXUS && !node.path("nexus").has("repository")) {
      // The Docker registry's url does not name the Nexus repository behind its port, so only
      // the config can say which hosted repository to create.
      problems.add(at + ".nexus.repository: a nexus target needs the name of its hosted Docker "
          + "repository, as \"nexus\": {\"repository\": \"docker-hosted\"}");
    }
    PullConfig pull = node.has("pull") ? pull(name, flavor, node.get("pull"), at + ".pull") : null;
    if (problems.size() > before) {
      return null;
    }
    return new TargetConfig(name, host, prefix, flavor, tokens,
        inherited.node("tls-verify").path("tls-verify").asBoolean(true),
        inherited.node("plain-http").path("plain-http").asBoolean(false),
        caFile, template, node.path(flavor.configName()).isObject() ? node.get(flavor.configName()) : null,
        apiUrl, ledger, pull);
  }

  /**
   * Where each connection key of a target comes from: the target's own object when it sets the
   * key, else the {@code registries} entry for its host, so a host described once applies to
   * pulling from it and importing into it alike.
   */
  private record HostDefaults(JsonNode target, JsonNode host, String hostKey) {
    /** The object that holds {@code key}: the target when it sets it, else the host entry (or the target when neither does). */
    JsonNode node(String key) {
      return target.has(key) || host == null ? target : host;
    }

    String at(String key, String targetAt) {
      return node(key) == target ? targetAt : "$.registries." + hostKey;
    }

    /** The {@code tokens} object that holds {@code role}. */
    JsonNode tokens(String role) {
      return target.path("tokens").has(role) || host == null ? target.path("tokens") : host.path("tokens");
    }

    String tokensAt(String role, String targetAt) {
      return (tokens(role) == target.path("tokens") ? targetAt : "$.registries." + hostKey) + ".tokens";
    }
  }

  /** A schema-valid {@code pull} section, with the rules the schema cannot word well. */
  private PullConfig pull(String targetName, Flavor flavor, JsonNode node, String at) {
    boolean robot = node.has("robot");
    if (robot == node.has("token-file")) {
      problems.add(at + (robot ? ": set either robot or token-file, not both"
          : ": say where the clusters' pull credential comes from: \"robot\" (a Quay robot account) or "
              + "\"token-file\" (an auth file with a credential that may pull)"));
      return null;
    }
    if (robot && flavor != Flavor.QUAY) {
      problems.add(at + ".robot: robot accounts are a Quay feature, but this target's flavor is "
          + flavor.configName() + "; use \"token-file\" with an auth file whose credential may pull");
      return null;
    }
    Path tokenFile = file(node, "token-file", at);
    if (!robot && tokenFile == null) {
      return null; // file() said why
    }
    List<String> namespaces = new ArrayList<>();
    node.path("namespaces").forEach(n -> namespaces.add(n.asText()));
    List<String> accounts = node.has("service-account")
        ? List.of(node.get("service-account").asText()) : PullConfig.DEFAULT_SERVICE_ACCOUNTS;
    String secretName = node.has("secret-name")
        ? node.get("secret-name").asText() : PullConfig.defaultSecretName(targetName);
    try {
      return new PullConfig(robot ? node.get("robot").asText() : null, tokenFile, namespaces, accounts, secretName);
    } catch (IllegalArgumentException ex) {
      problems.add(at + ": " + ex.getMessage());
      return null;
    }
  }

  private void checkHost(String host, String at) {
    try {
      RegistrySettings.secure(host);
    } catch (IllegalArgumentException ex) {
      problems.add(at + ": '" + host + "' is not a registry host[:port]");
      return;
    }
    if (!host.equals(host.toLowerCase(java.util.Locale.ROOT))) {
      problems.add(at + ": write the host '" + host + "' in lowercase");
    }
    int colon = host.lastIndexOf(':');
    if (colon > 0 && !host.endsWith("]")) {
      int port = Integer.parseInt(host.substring(colon + 1));
      if (port < 1 || port > 65535) {
        problems.add(at + ": port " + port + " is out of range");
      }
    }
  }

  /** A file setting resolved against the config file's directory, or null when absent. */
  private Path file(JsonNode parent, String key, String at) {
    JsonNode value = parent.get(key);
    if (value == null) {
      return null;
    }
    String text = value.asText();
    if (text.startsWith("~")) {
      problem(at + "." + key + ": '~' is not expanded; write an absolute path or one relative "
          + "to this config file's directory");
      return null;
    }
    try {
      return baseDir.resolve(text).normalize();
    } catch (InvalidPathException ex) {
      problem(at + "." + key + ": '" + text + "' is not a valid path");
      return null;
    }
  }

  /** Records a problem once: a host entry's file keys are read again for every target on that host. */
  private void problem(String text) {
    if (!problems.contains(text)) {
      problems.add(text);
    }
  }

  /** "host/org/" means "host/org"; any other stray slash is left for the prefix check to reject. */
  private static String stripTrailingSlashes(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end);
  }
}
