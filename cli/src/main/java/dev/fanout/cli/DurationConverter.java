package dev.fanout.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h} or a plain number of seconds, at most
 * 365 days: durations end up as nanoseconds in a {@code long}, which a larger one would overflow.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  /** The longest duration an option accepts. */
  static final Duration MAX = Duration.ofDays(365);

  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    long unitMillis = 1000;
    if (v.endsWith("ms")) {
      unitMillis = 1;
      v = v.substring(0, v.length() - 2);
    } else if (v.endsWith("s")) {
      v = v.substring(0, v.length() - 1);
    } else if (v.endsWith("m")) {
      unitMillis = 60_000;
      v = v.substring(0, v.length() - 1);
    } else if (v.endsWith("h")) {
      unitMillis = 3_600_000;
      v = v.substring(0, v.length() - 1);
    }
    // a decimal number, parsed as a double: BigDecimal's first use costs tens of milliseconds of
    // start-up (its class initialization), and every fetch converts two default durations
    double nanos;
    try {
      if (!isDecimal(v)) {
        throw new NumberFormatException(v);
      }
      nanos = Double.parseDouble(v) * unitMillis * 1e6;
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration: use e.g. 500ms, 10s, 2m, 1h");
    }
    if (!(nanos > 0) || nanos > MAX.toNanos()) {
      throw new TypeConversionException(
          "'" + value + "' is out of range: a duration must be above 0 and at most 365 days");
    }
    return Duration.ofNanos(Math.round(nanos));
  }

  /** A sign, digits with at most one decimal point: no exponent, no suffix Double would take. */
  private static boolean isDecimal(String v) {
    int digits = 0;
    int points = 0;
    int start = v.startsWith("-") || v.startsWith("+") ? 1 : 0;
    for (int i = start; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '.') {
        points++;
      } else {
        return false;
      }
    }
    return digits > 0 && points <= 1;
  }
}
