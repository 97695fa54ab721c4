package dev.fanout.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code 10/s}, {@code 30/m}, {@code 2/h} or a plain number per second. */
public final class RateConverter implements ITypeConverter<Double> {
  @Override
  public Double convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    double per = 1;
    int slash = v.indexOf('/');
    if (slash >= 0) {
      per =
          switch (v.substring(slash + 1)) {
            case "s", "sec", "second" -> 1;
            case "m", "min", "minute" -> 60;
            case "h", "hour" -> 3600;
            default -> -1;
          };
      v = v.substring(0, slash);
    }
    try {
      double n = Double.parseDouble(v);
      if (per < 0 || !(n > 0) || Double.isInfinite(n)) {
        throw new NumberFormatException();
      }
      double perSecond = n / per;
      if (perSecond < 0.001 || perSecond > 1_000_000) {
        throw new TypeConversionException(
            "--rate '" + value + "' is out of range: between 0.001/s and 1000000/s");
      }
      return perSecond;
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a rate: use e.g. 10/s, 30/m, 100/h");
    }
  }
}
