package dev.airgap.bundle.importer.pull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.airgap.bundle.registry.RegistryCredentials;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The Kubernetes objects a cluster needs to pull with a credential: a {@code
 * kubernetes.io/dockerconfigjson} Secret and a ServiceAccount that names it in {@code
 * imagePullSecrets}. Rendered the same way every time, so unchanged inputs give unchanged bytes.
 */
final class Manifests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      // The base64 value stays on one line instead of being folded at 80 columns.
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .build());

  private Manifests() {}

  /**
   * The Secret for one namespace. Its {@code .dockerconfigjson} is {@code {"auths": {host:
   * {"auth": base64(user:password)}}}}: the form kubelet reads, without a separate username and
   * password field that would only repeat the credential.
   */
  static String secret(String target, String name, String namespace, String registryHost,
      RegistryCredentials.Basic login) {
    ObjectNode root = YAML.createObjectNode();
    root.put("apiVersion", "v1");
    root.put("kind", "Secret");
    ObjectNode metadata = root.putObject("metadata");
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    metadata.putObject("labels").put("app.kubernetes.io/managed-by", "bundle");
    root.put("type", "kubernetes.io/dockerconfigjson");
    root.putObject("data").put(".dockerconfigjson", base64(dockerConfig(registryHost, login)));
    return "# Written by bundle for target " + target + ": lets pods in namespace " + namespace + " pull from "
        + registryHost + " as " + login.username() + ".\n"
        + "# Apply with: kubectl apply -f secret.yaml (and again after `bundle credentials rotate --target "
        + target + "`).\n"
        + yaml(root);
  }

  /**
   * The ServiceAccount with the Secret in {@code imagePullSecrets}. Kubernetes treats that list as
   * one value, so applying this replaces it; the comment says how to keep other entries.
   */
  static String serviceAccount(String target, String secretName, String namespace, String account) {
    ObjectNode root = YAML.createObjectNode();
    root.put("apiVersion", "v1");
    root.put("kind", "ServiceAccount");
    ObjectNode metadata = root.putObject("metadata");
    metadata.put("name", account);
    metadata.put("namespace", namespace);
    root.putArray("imagePullSecrets").addObject().put("name", secretName);
    return "# Written by bundle for target " + target + ": pods running as service account " + account
        + " in namespace " + namespace + " pull with Secret " + secretName + ".\n"
        + "# Apply with: kubectl apply -f serviceaccount-" + account + ".yaml (creates the account if it is missing).\n"
        + "# This sets the account's whole imagePullSecrets list: if it already has entries (OpenShift adds\n"
        + "# " + account + "-dockercfg-...), list them here too, as `kubectl get serviceaccount " + account + " -n "
        + namespace + " -o yaml` shows.\n"
        + yaml(root);
  }

  private static String dockerConfig(String registryHost, RegistryCredentials.Basic login) {
    ObjectNode config = JSON.createObjectNode();
    config.putObject("auths").putObject(registryHost)
        .put("auth", base64(login.username() + ":" + login.password().reveal()));
    try {
      return JSON.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of strings always serialises
    }
  }

  private static String yaml(ObjectNode root) {
    try {
      return YAML.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
