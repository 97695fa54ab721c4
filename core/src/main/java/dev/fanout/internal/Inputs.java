package dev.fanout.internal;

/** How inputs appear in messages: short, on one line. */
public final class Inputs {
  private static final int MAX = 120;

  private Inputs() {}

  /** The input as text, control characters escaped, cut to 120 characters. */
  public static String describe(Object input) {
    String s = String.valueOf(input);
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX + 3));
    for (int i = 0; i < s.length() && b.length() < MAX; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? '?' : c);
    }
    if (s.length() > MAX) {
      b.append("...");
    }
    return b.toString();
  }
}
