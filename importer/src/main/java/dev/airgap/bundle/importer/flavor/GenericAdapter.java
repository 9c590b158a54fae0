package dev.airgap.bundle.importer.flavor;

/** A plain distribution registry: repositories appear on first push, so there is nothing to do. */
final class GenericAdapter implements FlavorAdapter {
  @Override
  public String flavor() {
    return "generic";
  }

  @Override
  public void ensureRepository(String repository) {
    // Nothing to prepare.
  }
}
