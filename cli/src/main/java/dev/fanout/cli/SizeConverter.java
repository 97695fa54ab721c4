package dev.fanout.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code 1234}, {@code 500k}, {@code 10M}, {@code 1G} (powers of 1024). */
public final class SizeConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT).replaceAll("i?b$", "");
    long unit = 1;
    if (!v.isEmpty() && "kmg".indexOf(v.charAt(v.length() - 1)) >= 0) {
      unit = 1L << (10 * ("kmg".indexOf(v.charAt(v.length() - 1)) + 1));
      v = v.substring(0, v.length() - 1);
    }
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a size: use e.g. 1048576, 500k, 10M, 1G");
    }
  }
}
