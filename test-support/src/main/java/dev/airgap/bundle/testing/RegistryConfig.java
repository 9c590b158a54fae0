package dev.airgap.bundle.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The distribution registry's YAML configuration for one test registry.
 *
 * @param storage filesystem storage root
 * @param secret {@code http.secret}; fixed for the registry's life so that upload sessions, whose
 *     state is signed with it, survive a kill and restart
 * @param tlsCertificate PEM certificate, or null for plain HTTP
 * @param tlsKey PEM key, or null for plain HTTP
 * @param htpasswd htpasswd file for Basic auth, or null
 * @param token token auth settings, or null
 */
record RegistryConfig(Path storage, String secret, Path tlsCertificate, Path tlsKey,
    Path htpasswd, TokenAuth token) {

  /** {@code auth.token}: the registry checks {@code iss}, {@code aud}=service and the x5c chain. */
  record TokenAuth(String realm, String service, String issuer, Path rootCertBundle) {}

  /** Writes the configuration to {@code file}, listening on {@code listenAddress}. */
  Path write(Path file, String listenAddress) throws IOException {
    List<String> yaml = new ArrayList<>(List.of(
        "version: 0.1",
        "log:",
        "  level: warn",
        "  formatter: text",
        "  accesslog:",
        "    disabled: true",
        "storage:",
        "  filesystem:",
        "    rootdirectory: " + quote(storage),
        "  delete:",
        "    enabled: true",
        // Purging would delete the uploads a restart-during-import test wants to resume.
        "  maintenance:",
        "    uploadpurging:",
        "      enabled: false",
        "http:",
        "  addr: " + quote(listenAddress),
        "  secret: " + quote(secret)));
    if (tlsCertificate != null) {
      yaml.addAll(List.of(
          "  tls:",
          "    certificate: " + quote(tlsCertificate),
          "    key: " + quote(tlsKey)));
    }
    if (htpasswd != null) {
      yaml.addAll(List.of(
          "auth:",
          "  htpasswd:",
          "    realm: bundle-test",
          "    path: " + quote(htpasswd)));
    } else if (token != null) {
      yaml.addAll(List.of(
          "auth:",
          "  token:",
          "    realm: " + quote(token.realm()),
          "    service: " + quote(token.service()),
          "    issuer: " + quote(token.issuer()),
          "    rootcertbundle: " + quote(token.rootCertBundle())));
    }
    Files.write(file, yaml);
    return file;
  }

  /** The files the configuration names, which a containerised registry must be given. */
  List<Path> inputFiles() {
    List<Path> files = new ArrayList<>();
    for (Path file : new Path[] {tlsCertificate, tlsKey, htpasswd,
        token == null ? null : token.rootCertBundle()}) {
      if (file != null) {
        files.add(file);
      }
    }
    return files;
  }

  private static String quote(Object value) {
    return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
