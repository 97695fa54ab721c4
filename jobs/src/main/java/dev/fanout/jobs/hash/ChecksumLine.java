package dev.fanout.jobs.hash;

/**
 * One line of {@code sha256sum} output, so that {@code sha256sum -c} reads it back.
 *
 * <p>GNU coreutils (9.x) escapes a name holding a backslash, a newline or a carriage return: the
 * line then starts with a backslash and those characters are written {@code \\}, {@code \n}, {@code
 * \r}. Other names are written as they are. Stateless.
 */
public final class ChecksumLine {
  private ChecksumLine() {}

  /** {@code <hex> <name>}, escaped as sha256sum does. */
  public static String format(String hex, String name) {
    if (name.indexOf('\\') < 0 && name.indexOf('\n') < 0 && name.indexOf('\r') < 0) {
      return hex + "  " + name;
    }
    StringBuilder b = new StringBuilder(hex.length() + name.length() + 8);
    b.append('\\').append(hex).append("  ");
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
