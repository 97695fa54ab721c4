package dev.fanout.dist;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Compares a command's output with the README's by shape, not by value: every number matches any
 * number, runs of spaces match any spaces, a text timeline bar matches any bar, {@code ...} inside
 * a line matches any text, a line {@code ...} any number of lines. Lines may come in any order
 * (fetch prints in completion order). Stateless.
 */
final class Shape {
  private static final Pattern BAR = Pattern.compile("\\|[-#=. ]{3,}\\|");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
  private static final Pattern UNIT = Pattern.compile("\\b0 ?(ms|s|us|µs|min|h)\\b");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  static final String ANY_LINES = "...";

  private Shape() {}

  static String normalize(String line) {
    String s = BAR.matcher(line.strip()).replaceAll("|bar|");
    s = NUMBER.matcher(s).replaceAll("0");
    s = UNIT.matcher(s).replaceAll("0 t");
    return SPACES.matcher(s).replaceAll(" ");
  }

  private static Pattern pattern(String expected) {
    String[] parts = normalize(expected).split(Pattern.quote("..."), -1);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(regex.toString());
  }

  /** Why {@code actual} does not have the shape of {@code expected}, or empty when it does. */
  static Optional<String> mismatch(List<String> expected, List<String> actual) {
    boolean anyLines = expected.stream().anyMatch(l -> l.strip().equals(ANY_LINES));
    List<String> wanted =
        new ArrayList<>(expected.stream().filter(l -> !l.strip().equals(ANY_LINES)).toList());
    // exact lines first, so a line with a wildcard cannot take the one an exact line needs
    wanted.sort((a, b) -> Boolean.compare(a.contains("..."), b.contains("...")));
    List<String> left = new ArrayList<>(actual.stream().map(Shape::normalize).toList());
    List<String> missing = new ArrayList<>();
    for (String want : wanted) {
      Pattern p = pattern(want);
      int found = -1;
      for (int i = 0; i < left.size() && found < 0; i++) {
        if (p.matcher(left.get(i)).matches()) {
          found = i;
        }
      }
      if (found < 0) {
        missing.add(want);
      } else {
        left.remove(found);
      }
    }
    if (!missing.isEmpty()) {
      return Optional.of("no output line has the shape of: " + String.join("\n    ", missing));
    }
    if (!anyLines && !left.isEmpty()) {
      return Optional.of(
          "printed lines the README does not show (add them, or a '...' line): "
              + String.join("\n    ", left));
    }
    return Optional.empty();
  }
}
