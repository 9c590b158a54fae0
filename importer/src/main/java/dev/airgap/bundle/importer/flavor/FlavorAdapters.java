package dev.airgap.bundle.importer.flavor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airgap.bundle.registry.CredentialSource;
import dev.airgap.bundle.registry.DockerConfigCredentials;
import dev.airgap.bundle.registry.RetryPolicy;
import dev.airgap.bundle.registry.config.TargetConfig;
import dev.airgap.bundle.registry.config.TokenRole;
import java.net.URI;
import java.time.Duration;

/**
 * Builds the adapter for a target's flavor. Everything that can be checked without the network is
 * checked here — plain-HTTP refusal, missing or unusable credentials, options the flavor needs —
 * so a misconfigured target fails before the first image is pushed.
 */
public final class FlavorAdapters {
  private FlavorAdapters() {}

  /** The adapter for {@code target}, with push credentials falling back to docker and podman config. */
  public static FlavorAdapter forTarget(TargetConfig target) {
    return forTarget(target, DockerConfigCredentials.standard());
  }

  /**
   * The adapter for {@code target}; {@code fallback} supplies push credentials when the target has
   * no {@code tokens.push} file (the importer passes the same source it pushes with).
   *
   * @throws FlavorException when the target's settings cannot work with its flavor
   */
  public static FlavorAdapter forTarget(TargetConfig target, CredentialSource fallback) {
    return forTarget(target, fallback, RetryPolicy.standard());
  }

  /**
   * As above, with the command's {@code --timeout}: how long the admin API may take to accept a
   * connection, to answer, or stay silent mid-answer.
   */
  public static FlavorAdapter forTarget(TargetConfig target, CredentialSource fallback, Duration timeout) {
    return forTarget(target, fallback, RetryPolicy.standard(), timeout);
  }

  /** As above with a retry policy, so tests need not wait out real backoff. */
  static FlavorAdapter forTarget(TargetConfig target, CredentialSource fallback, RetryPolicy retry) {
    return forTarget(target, fallback, retry, AdminApi.DEFAULT_TIMEOUT);
  }

  static FlavorAdapter forTarget(TargetConfig target, CredentialSource fallback, RetryPolicy retry, Duration timeout) {
    JsonNode options = target.options();
    return switch (target.flavor()) {
      case GENERIC -> new GenericAdapter();
      case QUAY -> {
        URI base = AdminEndpoint.base(target, "Quay");
        AdminAuth auth = AdminCredentials.bearerFromApiToken(target, "an OAuth application token");
        yield new QuayAdapter(new AdminApi("Quay", target, base, auth, retry, timeout),
            options.path("visibility").asText("private"));
      }
      case HARBOR -> {
        URI base = AdminEndpoint.base(target, "Harbor");
        AdminCredentials.requireNoApiToken(target, "Harbor");
        AdminAuth auth = AdminCredentials.basicFromPushCredentials(target, fallback, "Harbor");
        yield new HarborAdapter(new AdminApi("Harbor", target, base, auth, retry, timeout),
            options.path("public").asBoolean(false));
      }
      case ARTIFACTORY -> {
        String key = RepositoryPaths.first(requireArtifactoryKey(target));
        URI base = AdminEndpoint.base(target, "Artifactory");
        // Artifactory documents access tokens as bearer tokens; without one, Basic as for pushing.
        AdminAuth auth = target.tokens().containsKey(TokenRole.API)
            ? AdminCredentials.bearerFromApiToken(target, "an access token")
            : AdminCredentials.basicFromPushCredentials(target, fallback, "Artifactory");
        yield new ArtifactoryAdapter(new AdminApi("Artifactory", target, base, auth, retry, timeout), key);
      }
      case NEXUS -> {
        String name = options.path("repository").asText("");
        if (name.isEmpty()) {
          throw new FlavorException("target " + target.name() + " has flavor nexus but names no hosted "
              + "Docker repository; set \"nexus\": {\"repository\": \"NAME\"}");
        }
        JsonNode port = options.path("http-port");
        URI base = AdminEndpoint.base(target, "Nexus");
        AdminCredentials.requireNoApiToken(target, "Nexus");
        AdminAuth auth = AdminCredentials.basicFromPushCredentials(target, fallback, "Nexus");
        yield new NexusAdapter(new AdminApi("Nexus", target, base, auth, retry, timeout), name,
            port.canConvertToInt() ? port.asInt() : null);
      }
    };
  }

  private static String requireArtifactoryKey(TargetConfig target) {
    if (target.pathPrefix().isEmpty()) {
      throw new FlavorException("target " + target.name() + " has flavor artifactory, so its url must name "
          + "the Docker repository key as its first path component, as host/docker-local (the repository "
          + "path layout)");
    }
    return target.pathPrefix();
  }
}
