package dev.fanout.jobs.fetch;

import dev.fanout.jobs.http.Urls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File names for downloaded URLs that are safe in any directory: one path segment, no {@code ..},
 * no separator, no NUL or control character, at most {@value #MAX_BYTES} bytes.
 *
 * <p>The name is the URL without its scheme, with {@code /} turned into {@code _} and every byte
 * outside {@code [A-Za-z0-9.-]} (including {@code _} and {@code %} themselves) percent-encoded, so
 * two different URLs never get the same name: collisions cannot happen, whatever order URLs finish
 * in. A name that would be too long is cut and ends in {@code ~} plus 16 hex digits of the URL's
 * SHA-256 ({@code ~} never appears otherwise, as it is encoded). The same URL always maps to the
 * same name, which is what {@code --resume} relies on.
 *
 * <p>Stateless and thread-safe.
 */
public final class SafeNames {
  /** Longest name produced, in bytes; leaves room for a temporary file's prefix and suffix. */
  public static final int MAX_BYTES = 200;

  private static final int HASH_HEX = 16;

  private SafeNames() {}

  /** The file name for {@code url}. */
  public static String fileName(String url) {
    url = Urls.redact(url); // credentials in a URL never become part of a file name
    String text = url.trim();
    int scheme = text.indexOf("://");
    if (scheme > 0 && text.substring(0, scheme).chars().allMatch(Character::isLetter)) {
      text = text.substring(scheme + 3);
    }
    int hash = text.indexOf('#'); // a fragment never reaches the server
    if (hash >= 0) {
      text = text.substring(0, hash);
    }
    StringBuilder name = new StringBuilder(Math.min(text.length() * 2, 512));
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < utf8.length; i++) {
      int b = utf8[i] & 0xff;
      boolean plain =
          (b >= 'a' && b <= 'z')
              || (b >= 'A' && b <= 'Z')
              || (b >= '0' && b <= '9')
              || b == '-'
              || (b == '.' && i > 0);
      if (plain) {
        name.append((char) b);
      } else if (b == '/') {
        name.append('_');
      } else {
        name.append('%')
            .append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 15, 16)));
      }
    }
    if (name.isEmpty()) {
      name.append("%00empty"); // no URL text at all; still a plain, unique-looking name
    }
    if (name.length() > MAX_BYTES) { // ASCII only here, so chars are bytes
      name.setLength(MAX_BYTES - 1 - HASH_HEX);
      name.append('~').append(sha256(url.trim()), 0, HASH_HEX);
    }
    return name.toString();
  }

  /**
   * The path under {@code dir} for {@code url}, checked to stay inside {@code dir}.
   *
   * @throws IllegalArgumentException if it would not (it cannot, by construction; checked anyway)
   */
  public static Path resolve(Path dir, String url) {
    Path base = dir.toAbsolutePath().normalize();
    String name = fileName(url);
    Path file = base.resolve(name).normalize();
    if (!file.getParent().equals(base) || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "the file name for " + url + " would leave " + dir + "; refusing to write it");
    }
    return file;
  }

  private static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
