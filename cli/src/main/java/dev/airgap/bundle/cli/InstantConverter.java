package dev.airgap.bundle.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses a UTC instant ({@code 2027-01-31T00:00:00Z}) or a date ({@code 2027-01-31}, its start in UTC). */
final class InstantConverter implements ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    String v = value.trim();
    try {
      return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
    } catch (DateTimeParseException e) {
      // picocli would otherwise quote the Java exception; say what is expected instead.
      throw new TypeConversionException("'" + value + "' is not a time (examples: 2027-01-31T00:00:00Z, 2027-01-31)");
    }
  }
}
