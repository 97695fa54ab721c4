package dev.fanout.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

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
    BigDecimal millis;
    try {
      millis = new BigDecimal(v).multiply(BigDecimal.valueOf(unitMillis));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a duration: use e.g. 500ms, 10s, 2m, 1h");
    }
    if (millis.signum() <= 0 || millis.compareTo(BigDecimal.valueOf(MAX.toMillis())) > 0) {
      throw new IllegalArgumentException(
          "'" + value + "' is out of range: a duration must be above 0 and at most 365 days");
    }
    return Duration.ofNanos(millis.movePointRight(6).longValue());
  }
}
