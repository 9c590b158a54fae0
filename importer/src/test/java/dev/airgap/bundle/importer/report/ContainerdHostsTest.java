package dev.airgap.bundle.importer.report;

import static dev.airgap.bundle.importer.report.Fixtures.image;
import static dev.airgap.bundle.importer.report.Fixtures.imageFrom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerdHostsTest {
  private static final TomlMapper TOML = new TomlMapper();
  private static final String OTHERS = "IDMS and registries.conf";

  private static ContainerdHosts.Result render(boolean preserved, ImportedImage... images) {
    return ContainerdHosts.render("quay-lab", List.of(images), preserved, OTHERS);
  }

  @Test
  void uniformPrefixBecomesAnOverridePathHost() throws Exception {
    ContainerdHosts.Result result = render(true,
        image("etcd", "coreos/etcd", "v3.5.9", "1.0.0"),
        image("dns", "coredns/coredns", "1.11", "1.0.0"));

    assertEquals(List.of("certs.d/quay.io/hosts.toml"), List.copyOf(result.files().keySet()));
    assertEquals(List.of(), result.notes());
    JsonNode root = TOML.readTree(result.files().get("certs.d/quay.io/hosts.toml"));
    assertEquals("https://quay.io", root.get("server").asText());
    JsonNode host = root.get("host").get("https://quay-lab.example.com/v2/mirror");
    assertEquals(List.of("pull", "resolve"), List.of(host.get("capabilities").get(0).asText(),
        host.get("capabilities").get(1).asText()));
    assertEquals(2, host.get("capabilities").size());
    assertTrue(host.get("override_path").asBoolean());
    assertEquals(1, root.get("host").size());
  }

  @Test
  void identicalPathsNeedNoOverride() throws Exception {
    ContainerdHosts.Result result = render(true, imageFrom("etcd", "quay.io", "coreos/etcd", "1", "coreos/etcd"));

    JsonNode root = TOML.readTree(result.files().get("certs.d/quay.io/hosts.toml"));
    JsonNode host = root.get("host").get("https://quay-lab.example.com");
    assertFalse(host.has("override_path"), "a path-less host URL gets /v2 from containerd");
  }

  @Test
  void dockerHubUsesTheDockerIoDirectoryAndTheRegistryEndpoint() throws Exception {
    ContainerdHosts.Result result = render(true,
        imageFrom("nginx", "registry-1.docker.io", "library/nginx", "1.27", "hub/library/nginx"),
        imageFrom("busybox", "docker.io", "busybox", "1.36", "hub/library/busybox"));

    assertEquals(List.of("certs.d/docker.io/hosts.toml"), List.copyOf(result.files().keySet()));
    JsonNode root = TOML.readTree(result.files().get("certs.d/docker.io/hosts.toml"));
    assertEquals("https://registry-1.docker.io", root.get("server").asText());
    assertTrue(root.get("host").has("https://quay-lab.example.com/v2/hub"));
  }

  @Test
  void dockerHubOfficialImageWithoutLibraryOnTheTargetIsNotExpressible() {
    // containerd asks the mirror for hub/library/busybox; the target holds hub/busybox.
    ContainerdHosts.Result result = render(true,
        imageFrom("busybox", "docker.io", "busybox", "1.36", "hub/busybox"));

    assertTrue(result.files().isEmpty());
    assertEquals(1, result.notes().size());
    assertTrue(result.notes().get(0).contains("quay-lab.example.com/hub/busybox (for docker.io/library/busybox)"),
        result.notes().get(0));
  }

  @Test
  void mixedPrefixesForOneSourceRegistryAreExplainedNotWritten() {
    ContainerdHosts.Result result = render(true,
        imageFrom("a", "quay.io", "org/a", "1", "one/org/a"),
        imageFrom("b", "quay.io", "org/b", "1", "two/org/b"),
        imageFrom("c", "ghcr.io", "org/c", "1", "one/org/c"));

    assertEquals(List.of("certs.d/ghcr.io/hosts.toml"), List.copyOf(result.files().keySet()));
    assertEquals(1, result.notes().size());
    String note = result.notes().get(0);
    assertTrue(note.startsWith("certs.d/quay.io/hosts.toml was not written"), note);
    assertTrue(note.contains("https://quay-lab.example.com/v2/one, https://quay-lab.example.com/v2/two"), note);
    assertTrue(note.contains(OTHERS), note);
  }

  @Test
  void sourceHostWithPortKeepsTheColonAndSaysSo() throws Exception {
    ContainerdHosts.Result result = render(true,
        imageFrom("x", "registry.local:5000", "team/x", "1", "mirror/team/x"));

    JsonNode root = TOML.readTree(result.files().get("certs.d/registry.local:5000/hosts.toml"));
    assertEquals("https://registry.local:5000", root.get("server").asText());
    assertEquals(1, result.notes().size());
    assertTrue(result.notes().get(0).contains("registry.local_5000_"), result.notes().get(0));
  }

  @Test
  void notPreservedWritesNothingAndExplains() {
    ContainerdHosts.Result result = render(false, image("etcd", "coreos/etcd", "v3.5.9", "1.0.0"));

    assertTrue(result.files().isEmpty());
    assertEquals(1, result.notes().size());
    String note = result.notes().get(0);
    assertTrue(note.contains("No containerd certs.d/*/hosts.toml was written"), note);
    assertTrue(note.contains("renames repositories"), note);
    assertTrue(note.contains(OTHERS + " map repository by repository and still apply"), note);
  }

  @Test
  void prefixIsWhatPrecedesTheSourcePath() {
    assertEquals("mirror", ContainerdHosts.prefix(imageFrom("a", "quay.io", "org/a", "1", "mirror/org/a")));
    assertEquals("a/b", ContainerdHosts.prefix(imageFrom("a", "quay.io", "org/a", "1", "a/b/org/a")));
    assertEquals("", ContainerdHosts.prefix(imageFrom("a", "quay.io", "org/a", "1", "org/a")));
    assertEquals(null, ContainerdHosts.prefix(imageFrom("a", "quay.io", "org/a", "1", "mirror/a")));
    assertEquals(null, ContainerdHosts.prefix(imageFrom("a", "quay.io", "org/a", "1", "mirror/xorg/a")));
  }
}
