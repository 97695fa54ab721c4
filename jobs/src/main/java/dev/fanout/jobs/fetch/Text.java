package dev.fanout.jobs.fetch;

/**
 * Text from servers and inputs made safe to show on a terminal: control characters (ESC, BEL, CR,
 * bidi overrides, ...) become visible escapes, so a reason phrase or a URL cannot move the cursor,
 * recolour the screen or retitle the window.
 *
 * <p>Stateless and thread-safe.
 */
public final class Text {
  private Text() {}

  /**
   * {@code text} with every control or format character written as {@code \xNN} or {@code \\uNNNN}.
   */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control =
          c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.getType(c) == Character.FORMAT;
      if (control) {
        if (b == null) {
          b = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        b.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? text : b.toString();
  }
}
