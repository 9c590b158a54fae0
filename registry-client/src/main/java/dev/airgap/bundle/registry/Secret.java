package dev.airgap.bundle.registry;

import java.util.Objects;

/**
 * A password or token. Its {@code toString} never reveals the value, so a secret that slips into a
 * log line, an exception message or a record's string form shows as {@code ****}.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "secret");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The secret itself; call only where it is put on the wire. */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "****";
  }
}
