package dev.airgap.bundle.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from docker-style config files ({@code auths} entries, {@code identitytoken},
 * {@code credsStore} and {@code credHelpers}), read by jib-core and kept behind our own types.
 *
 * <p>The files searched, in order: {@code $DOCKER_CONFIG/config.json}, {@code
 * ~/.docker/config.json}, and the podman/skopeo file {@code $XDG_RUNTIME_DIR/containers/auth.json}.
 */
public final class DockerConfigCredentials implements CredentialSource {
  private static final JsonFactory JSON = new JsonFactory();

  private final List<Path> configFiles;

  public DockerConfigCredentials(List<Path> configFiles) {
    this.configFiles = List.copyOf(configFiles);
  }

  /** The standard locations, resolved from the given environment and home directory. */
  public static DockerConfigCredentials standard(Map<String, String> env, Path home) {
    List<Path> files = new ArrayList<>();
    String dockerConfig = env.get("DOCKER_CONFIG");
    if (dockerConfig != null && !dockerConfig.isBlank()) {
      files.add(Path.of(dockerConfig, "config.json"));
    }
    files.add(home.resolve(".docker").resolve("config.json"));
    String runtimeDir = env.get("XDG_RUNTIME_DIR");
    if (runtimeDir != null && !runtimeDir.isBlank()) {
      files.add(Path.of(runtimeDir, "containers", "auth.json"));
    }
    return new DockerConfigCredentials(files);
  }

  public static DockerConfigCredentials standard() {
    return standard(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  public List<Path> configFiles() {
    return configFiles;
  }

  @Override
  public Optional<RegistryCredentials> credentialsFor(String registryHost) {
    ImageReference probe;
    try {
      // jib looks credentials up per image; any repository on the host selects the same entry.
      probe = ImageReference.parse(registryHost + "/credential-lookup");
    } catch (InvalidImageReferenceException e) {
      return Optional.empty();
    }
    // jib's log events may name helpers and files, never secrets; we drop them either way.
    CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(probe, event -> {});
    for (Path file : configFiles) {
      if (!Files.isRegularFile(file)) {
        continue;
      }
      requireJson(file);
      Optional<Credential> found = retrieve(factory.dockerConfig(file), file);
      if (found.isPresent()) {
        return found.map(DockerConfigCredentials::toOurs);
      }
    }
    return Optional.empty();
  }

  /**
   * jib skips a file it cannot parse as if it held nothing, which surfaces later as a puzzling 401;
   * say which file is broken instead. Only the position is reported: the parser's message may quote
   * the file, and the file holds secrets.
   */
  private static void requireJson(Path file) {
    try (JsonParser parser = JSON.createParser(file.toFile())) {
      while (parser.nextToken() != null) {
        // reading every token is the check
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new CredentialsException("credentials file " + file + " is not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new CredentialsException("credentials file " + file + " cannot be read", e);
    }
  }

  private static Optional<Credential> retrieve(CredentialRetriever retriever, Path file) {
    try {
      return retriever.retrieve();
    } catch (IllegalArgumentException e) {
      // Base64 decoding of an "auth" value; the exception text may quote the value.
      throw new CredentialsException("credentials file " + file + " has an \"auth\" value that is not base64");
    } catch (IndexOutOfBoundsException e) {
      throw new CredentialsException("credentials file " + file
          + " has an \"auth\" value that does not decode to user:password");
    } catch (Exception e) {
      throw new CredentialsException("credentials file " + file + " could not be read as a docker config file");
    }
  }

  private static RegistryCredentials toOurs(Credential credential) {
    if (credential.isOAuth2RefreshToken()) {
      return new RegistryCredentials.RefreshToken(Secret.of(credential.getPassword()));
    }
    return new RegistryCredentials.Basic(
        credential.getUsername(), Secret.of(credential.getPassword()));
  }
}
