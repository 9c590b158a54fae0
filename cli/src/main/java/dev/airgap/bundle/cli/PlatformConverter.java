package dev.airgap.bundle.cli;

import dev.airgap.bundle.format.Platform;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code os/arch[/variant]}. */
final class PlatformConverter implements ITypeConverter<Platform> {
  @Override
  public Platform convert(String value) {
    String[] parts = value.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || java.util.Arrays.stream(parts).anyMatch(String::isBlank)) {
      throw new TypeConversionException("'" + value + "' is not a platform (expected os/arch[/variant], e.g. linux/arm64/v8)");
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
  }
}
