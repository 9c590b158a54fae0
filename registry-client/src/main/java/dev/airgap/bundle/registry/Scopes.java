package dev.airgap.bundle.registry;

/** Token scope strings from the distribution token specification. */
final class Scopes {
  private Scopes() {}

  static String pull(String repository) {
    return "repository:" + repository + ":pull";
  }

  static String push(String repository) {
    return "repository:" + repository + ":pull,push";
  }

  static String delete(String repository) {
    return "repository:" + repository + ":delete";
  }
}
