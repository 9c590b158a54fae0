package dev.airgap.bundle.importer.flavor;

/**
 * What a registry product needs beyond the distribution API before images can be pushed: its
 * repositories (or projects, or repository keys) must exist. One implementation per flavor,
 * chosen by the target's {@code flavor}; {@code generic} does nothing.
 */
public interface FlavorAdapter {

  /** The flavor's name as written in registries.json. */
  String flavor();

  /**
   * Makes sure {@code repository} — the full path on the target registry, e.g. {@code
   * tectonic-mirror/etcd} — can receive pushes. Idempotent: "already exists" is success, and a
   * failure leaves nothing that blocks a re-run. Errors name the product's error (quota,
   * permission) in one sentence.
   */
  void ensureRepository(String repository);
}
