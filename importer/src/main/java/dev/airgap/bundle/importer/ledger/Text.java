package dev.airgap.bundle.importer.ledger;

/** Checks shared by the ledger's values. */
final class Text {
  private Text() {}

  /** A required string: present and not blank, since an empty id or channel identifies nothing. */
  static String require(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return value;
  }
}
