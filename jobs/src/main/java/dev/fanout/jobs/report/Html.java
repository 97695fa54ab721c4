package dev.fanout.jobs.report;

import java.util.Locale;

/** Escaping and number formatting for the report: every string goes through {@link #esc}. */
final class Html {
  private Html() {}

  /** Text safe in HTML content and in quoted attribute values. */
  static String esc(Object value) {
    String s = String.valueOf(value);
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            b.append('?'); // control characters have no place in a report
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** A coordinate with one decimal, dot-separated whatever the locale. */
  static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** Milliseconds with a precision that suits them. */
  static String ms(long nanos) {
    double ms = nanos / 1e6;
    return ms >= 100
        ? String.format(Locale.ROOT, "%.0f ms", ms)
        : String.format(Locale.ROOT, "%.1f ms", ms);
  }
}
