package dev.fanout.jobs.fetch;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --checksums FILE}: expected digests, one {@code <hex> <url>} line each, as {@code
 * sha256sum} and {@code sha512sum} print them with the URL in the name column ({@code *} binary
 * marks and {@code #} comments allowed). The algorithm follows from the length: 64 hex digits are
 * SHA-256, 128 are SHA-512.
 *
 * <p>Immutable once read; thread-safe.
 */
public final class Checksums {
  /** A line of the file that is not a checksum line: a usage error naming the line. */
  public static final class FormatException extends IOException {
    FormatException(String message) {
      super(message);
    }
  }

  private final Map<String, Expected> byUrl;

  private record Expected(String algorithm, String hex) {}

  private Checksums(Map<String, Expected> byUrl) {
    this.byUrl = byUrl;
  }

  /** No expected digests. */
  public static Checksums none() {
    return new Checksums(Map.of());
  }

  /** Reads {@code file}. */
  public static Checksums read(Path file) throws IOException {
    Map<String, Expected> map = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        int space = t.indexOf(' ');
        String hex = space < 0 ? t : t.substring(0, space);
        String name = space < 0 ? "" : t.substring(space + 1).stripLeading();
        if (name.startsWith("*")) {
          name = name.substring(1);
        }
        String algorithm =
            switch (hex.length()) {
              case 64 -> "SHA-256";
              case 128 -> "SHA-512";
              default -> null;
            };
        if (algorithm == null || !hex.matches("[0-9a-fA-F]+") || name.isEmpty()) {
          throw new FormatException(
              "--checksums "
                  + file
                  + " line "
                  + n
                  + ": not '<sha256 or sha512 hex>  <url>' as sha256sum prints it");
        }
        map.put(name, new Expected(algorithm, hex.toLowerCase(Locale.ROOT)));
      }
    }
    return new Checksums(map);
  }

  /** The algorithms the file uses (JDK names), for {@link FetchSettings#digests}. */
  public List<String> algorithms() {
    Set<String> a = new LinkedHashSet<>();
    byUrl.values().forEach(e -> a.add(e.algorithm()));
    return List.copyOf(a);
  }

  public boolean isEmpty() {
    return byUrl.isEmpty();
  }

  /**
   * Null when {@code url} has no line or its body's digest is the expected one; else what differs,
   * both digests shown.
   */
  public String mismatch(String url, Map<String, String> digests) {
    Expected e = byUrl.get(url);
    if (e == null) {
      return null;
    }
    String got = digests.get(e.algorithm());
    if (got == null) {
      return "no " + e.algorithm() + " digest was computed for the body; not kept";
    }
    if (got.equals(e.hex())) {
      return null;
    }
    String name = e.algorithm().toLowerCase(Locale.ROOT).replace("-", "");
    return "checksum mismatch: expected "
        + name
        + " "
        + e.hex()
        + ", got "
        + got
        + " (--checksums); the body was not kept";
  }
}
