package dev.airgap.bundle.cli;

import dev.airgap.bundle.registry.HttpClients;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --timeout}: how long a registry may stay silent before a transfer is retried. */
public final class TimeoutOption {
  @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long a registry may take to accept a connection, or stay silent (send nothing, or take no more"
          + " of an upload) before the request is retried; after 5 tries the command fails with exit 4"
          + " (default: 120s; e.g. 30s, 5m, 500ms).")
  private Duration timeout = HttpClients.DEFAULT_TIMEOUT;

  Duration timeout() {
    return timeout;
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, or plain seconds. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    @Override
    public Duration convert(String value) {
      Matcher m = FORM.matcher(value.trim());
      if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
        throw new TypeConversionException("'" + value + "' is not a positive duration (examples: 30s, 5m, 500ms)");
      }
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofSeconds(n);
      };
    }
  }
}
