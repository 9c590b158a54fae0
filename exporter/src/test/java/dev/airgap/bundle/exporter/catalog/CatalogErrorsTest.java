package dev.airgap.bundle.exporter.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every mistake in a catalog names the file, the release and the image key. */
class CatalogErrorsTest {
  @Test
  void duplicateKeys() {
    assertProblem("""
        releases:
          - version: 1.0.0
            images:
              etcd: quay.io/coreos/etcd:v1
              etcd: quay.io/coreos/etcd:v2
        """, "release 1.0.0, image 'etcd' (line 5): duplicate image name (first at line 4)");
    assertProblem("""
        releases:
          - version: 1.0.0
            version: 1.0.1
            images: {a: a.io/a:1}
        """, "release 1.0.0: duplicate key 'version' (line 3)");
    assertProblem("releases: []\nreleases: []\n", "duplicate key 'releases' (line 2)");
  }

  @Test
  void unknownKeys() {
    assertProblem("""
        releases:
          - version: 1.0.0
            imagse: {a: a.io/a:1}
        """, "release 1.0.0: unknown key 'imagse' (line 3); a release has 'version' and 'images'");
    assertProblem("release:\n  - version: 1\n", "unknown key 'release' (line 1); a catalog has only 'releases'");
  }

  @Test
  void missingVersionOrImages() {
    assertProblem("""
        releases:
          - images: {a: a.io/a:1}
          - version: 2.0
        """, "release #1 (line 2): missing 'version'");
    assertProblem("""
        releases:
          - version: 2.0
        """, "release 2.0: missing 'images'");
    assertProblem("""
        releases:
          - version: 2.0
            images: {}
        """, "release 2.0: 'images' is empty");
    assertProblem("releases:\n  - version:\n    images: {a: a.io/a:1}\n", "release #1 (line 2), version (line 2): is empty");
    assertProblem("{}", "missing 'releases'");
    assertProblem("releases: []", "'releases' is an empty list");
  }

  @Test
  void duplicateVersions() {
    assertProblem("""
        releases:
          - {version: 1.0.0, images: {a: a.io/a:1}}
          - {version: 1.0.0, images: {a: a.io/a:2}}
        """, "release 1.0.0: the version is listed twice");
    assertProblem("""
        releases:
          - {version: 1.2, images: {a: a.io/a:1}}
          - {version: 1.2.0, images: {a: a.io/a:2}}
        """, "release 1.2.0: the version is listed twice (1.2 and 1.2.0 are the same version)");
  }

  @Test
  void invalidVersions() {
    assertProblem("releases:\n  - {version: v1.2, images: {a: a.io/a:1}}\n",
        "release #1 (line 2), version (line 2): 'v1.2' is not a version");
    assertProblem("releases:\n  - {version: [1], images: {a: a.io/a:1}}\n",
        "release #1 (line 2), version (line 2): found a list, expected a version such as 1.2.3");
    assertProblem("releases:\n  - {version: true, images: {a: a.io/a:1}}\n",
        "release #1 (line 2), version (line 2): found a boolean (true)");
  }

  @Test
  void invalidImageNames() {
    assertProblem("releases:\n  - version: 1.0\n    images:\n      Etcd: quay.io/coreos/etcd:v1\n",
        "release 1.0, image 'Etcd' (line 4): 'Etcd' is not a valid image name");
    assertProblem("releases:\n  - version: 1.0\n    images:\n      -etcd: quay.io/coreos/etcd:v1\n",
        "release 1.0, image '-etcd' (line 4): '-etcd' is not a valid image name");
    assertProblem("releases:\n  - version: 1.0\n    images:\n      'a/b': quay.io/coreos/etcd:v1\n",
        "release 1.0, image 'a/b' (line 4): 'a/b' is not a valid image name");
  }

  @Test
  void referencesMustBeValidStrings() {
    assertProblem("releases:\n  - version: 1.0\n    images:\n      etcd: 3.1\n",
        "release 1.0, image 'etcd' (line 4): found a number (3.1), expected an image reference");
    assertProblem("releases:\n  - version: 1.0\n    images:\n      etcd: ~\n",
        "release 1.0, image 'etcd' (line 4): found nothing (null)");
    assertProblem("releases:\n  - version: 1.0\n    images:\n      etcd: {image: x}\n",
        "release 1.0, image 'etcd' (line 4): found a mapping");
    assertProblem("releases:\n  - version: 1.0\n    images:\n      etcd: 'quay.io/Coreos/etcd:v1'\n",
        "release 1.0, image 'etcd' (line 4): 'quay.io/Coreos/etcd:v1' is not a valid image reference");
    assertProblem("releases:\n  - version: 1.0\n    images:\n      etcd: 'quay.io/coreos/etcd@sha256:abc'\n",
        "release 1.0, image 'etcd' (line 4): 'quay.io/coreos/etcd@sha256:abc' is not a valid image reference");
    assertProblem("releases:\n  - version: 1.0\n    images:\n      etcd: ''\n",
        "release 1.0, image 'etcd' (line 4): is empty");
  }

  @Test
  void aliasesAreRefused() {
    assertProblem("""
        releases:
          - version: 1.0
            images:
              etcd: &e quay.io/coreos/etcd:v1
              etcd2: *e
        """, "release 1.0, image 'etcd2' (line 5): YAML aliases (*name) are not supported");
  }

  @Test
  void wrongShapes() {
    assertProblem("- version: 1.0\n", "the catalog must be a mapping with a 'releases' list (line 1)");
    assertProblem("releases: {version: 1.0}\n", "'releases' (line 1) must be a list of releases");
    assertProblem("releases:\n  - 1.0\n", "release #1 (line 2) must be a mapping with 'version' and 'images'");
    assertProblem("releases:\n  - version: 1.0\n    images: [a.io/a:1]\n",
        "release 1.0, images (line 3): must be a mapping of name: image reference");
    assertProblem("", "the catalog is empty");
    assertProblem("releases: [{version: 1, images: {a: a.io/a:1}}]\n---\nreleases: []\n",
        "a second YAML document starts at line 3");
  }

  @Test
  void notYaml() {
    assertProblem("releases:\n  - version: 1.0\n   images: {a: b\n", "not valid YAML (line");
  }

  @Test
  void allProblemsAreReportedTogether() {
    CatalogException e = assertThrows(CatalogException.class, () -> ReleaseCatalog.parse("releases.yaml", """
        releases:
          - version: 1.0
            images: {Bad: a.io/a:1, ok: 7}
          - version: nope
            images: {a: a.io/a:1}
        """));
    assertEquals(3, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().lines().allMatch(l -> l.startsWith("releases.yaml: release ")), e.getMessage());
  }

  private static void assertProblem(String yaml, String expected) {
    CatalogException e = assertThrows(CatalogException.class, () -> ReleaseCatalog.parse("releases.yaml", yaml));
    List<String> problems = e.problems();
    assertTrue(problems.stream().anyMatch(p -> p.startsWith(expected)),
        "expected a problem starting with\n  " + expected + "\nbut got\n  " + String.join("\n  ", problems));
    assertTrue(e.getMessage().startsWith("releases.yaml: "), e.getMessage());
  }
}
