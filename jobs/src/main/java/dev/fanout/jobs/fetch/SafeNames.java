package dev.fanout.jobs.fetch;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The names people can read that a URL's body is stored under, before they are made unique in the
 * folder (see {@link Folder}): what {@code curl -O} and {@code wget} would give.
 *
 * <p>{@link #base} is the last path segment, percent-decoded; {@link #tree} is {@code
 * host[_port]/path...} as {@code wget -x}. Every segment is made safe: no separator, no {@code .}
 * or {@code ..}, no control character, no leading dot (names starting with {@code .} are fanout's
 * own: the journal, the lock, partial downloads), at most {@value #MAX_BYTES} UTF-8 bytes. The
 * userinfo ({@code user:pass@}) and the query never appear in a name.
 *
 * <p>Stateless and thread-safe.
 */
public final class SafeNames {
  /** Longest segment produced, in bytes; leaves room for a unique suffix. */
  public static final int MAX_BYTES = 200;

  /** The name of a URL whose path ends in {@code /} or is empty, as wget. */
  static final String INDEX = "index.html";

  private SafeNames() {}

  /** {@code curl -O}'s name for {@code url}: its last path segment, decoded and made safe. */
  public static String base(String url) {
    List<String> segments = segments(url);
    return segments.isEmpty() ? INDEX : segments.get(segments.size() - 1);
  }

  /**
   * {@code wget -x}'s relative path for {@code url}: the host (and port), then each path segment,
   * each made safe; never absolute, never with {@code ..}.
   */
  public static List<String> tree(String url) {
    List<String> path = new ArrayList<>();
    path.add(host(url));
    List<String> segments = segments(url);
    path.addAll(segments.isEmpty() ? List.of(INDEX) : segments);
    return path;
  }

  /** The host, lower case, with {@code _port} when one is given; {@code unknown-host} if none. */
  static String host(String url) {
    try {
      URI u = new URI(url.trim());
      String h = u.getHost();
      if (h == null) {
        return "unknown-host";
      }
      String s = h.toLowerCase(Locale.ROOT) + (u.getPort() >= 0 ? "_" + u.getPort() : "");
      return safe(s);
    } catch (URISyntaxException e) {
      return "unknown-host";
    }
  }

  /**
   * The decoded path segments of {@code url}, each made safe, with {@code .} and {@code ..} and
   * empty ones dropped; a path ending in {@code /} ends with {@value #INDEX}.
   */
  static List<String> segments(String url) {
    String rawPath = rawPath(url);
    List<String> out = new ArrayList<>();
    String[] parts = rawPath.split("/", -1);
    for (String raw : parts) {
      String s = decode(raw);
      if (s.equals("..") && !out.isEmpty()) {
        out.remove(out.size() - 1); // as a browser and wget resolve it
      }
      if (s.isEmpty() || s.equals(".") || s.equals("..")) {
        continue;
      }
      out.add(safe(s));
    }
    if (!out.isEmpty() && rawPath.endsWith("/")) {
      out.add(INDEX);
    }
    return out;
  }

  /** The raw path of a URL: after the authority, before {@code ?} or {@code #}. */
  private static String rawPath(String url) {
    String text = url.trim();
    int scheme = text.indexOf("://");
    if (scheme > 0) {
      text = text.substring(scheme + 3);
      int slash = text.indexOf('/');
      text = slash < 0 ? "" : text.substring(slash);
    }
    int cut = text.length();
    for (char c : new char[] {'?', '#'}) {
      int i = text.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    return text.substring(0, cut);
  }

  /** Percent-decodes as UTF-8 (malformed bytes become U+FFFD); a bad escape stays as it is. */
  private static String decode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    byte[] in = raw.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '%' && i + 2 < in.length) {
        int hi = Character.digit(in[i + 1], 16);
        int lo = Character.digit(in[i + 2], 16);
        if (hi >= 0 && lo >= 0) {
          bytes.write(hi * 16 + lo);
          i += 2;
          continue;
        }
      }
      bytes.write(in[i]);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * One segment made safe: separators, control characters and characters file systems refuse become
   * {@code _}; a leading dot becomes {@code _}; {@code .}/{@code ..} cannot result; cut to {@value
   * #MAX_BYTES} bytes keeping the extension. Unicode is composed (NFC), as macOS stores.
   */
  static String safe(String segment) {
    String s = Normalizer.normalize(segment, Normalizer.Form.NFC);
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              boolean bad =
                  cp < 0x20
                      || (cp >= 0x7f && cp < 0xa0)
                      || cp == '/'
                      || cp == '\\'
                      || cp == ':'
                      || cp == '*'
                      || cp == '?'
                      || cp == '"'
                      || cp == '<'
                      || cp == '>'
                      || cp == '|'
                      || cp == 0xfffd
                      || Character.getType(cp) == Character.FORMAT; // bidi overrides and the like
              b.appendCodePoint(bad ? '_' : cp);
            });
    while (!b.isEmpty() && b.charAt(0) == '.') {
      b.setCharAt(0, '_');
    }
    String out = b.toString().strip();
    if (out.isEmpty()) {
      out = "_";
    }
    return cut(out, MAX_BYTES);
  }

  /** {@code name} in at most {@code maxBytes} UTF-8 bytes, keeping a short extension. */
  static String cut(String name, int maxBytes) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
    String stem = name.substring(0, name.length() - ext.length());
    String tag = "~" + sha256(name).substring(0, 8); // cut names of different URLs stay apart
    int room = maxBytes - ext.getBytes(StandardCharsets.UTF_8).length - tag.length();
    StringBuilder b = new StringBuilder();
    int used = 0;
    for (int i = 0; i < stem.length(); ) {
      int cp = stem.codePointAt(i);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (used + n > room) {
        break;
      }
      b.appendCodePoint(cp);
      used += n;
      i += Character.charCount(cp);
    }
    return b + tag + ext;
  }

  /** The first 16 hex digits of the SHA-256 of {@code text}: fanout's key for a URL's files. */
  static String key(String text) {
    return sha256(text).substring(0, 16);
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
