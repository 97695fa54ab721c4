package dev.fanout.jobs.http;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * URL text as fanout shows and sends it: credentials removed before a URL is shown anywhere, and
 * non-ASCII made ASCII before it is sent (IDN hosts as punycode, paths and queries percent-encoded
 * as UTF-8, as curl and browsers do).
 *
 * <p>Stateless and thread-safe.
 */
public final class Urls {
  private Urls() {}

  private static final Pattern AUTHORITY =
      Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)(.*)$", Pattern.DOTALL);

  /**
   * {@code url} without the {@code user:password@} part, for the terminal, the JSON lines, the
   * journal and file names; null stays null.
   */
  public static String redact(String url) {
    if (url == null || url.indexOf('@') < 0) {
      return url; // no userinfo without an '@': the common case, no regex on every URL
    }
    Matcher m = AUTHORITY.matcher(url);
    if (!m.matches()) {
      return url;
    }
    int at = m.group(2).lastIndexOf('@');
    return at < 0 ? url : m.group(1) + m.group(2).substring(at + 1) + m.group(3);
  }

  /**
   * {@code url} in ASCII: the host through IDNA (punycode), every other non-ASCII character
   * percent-encoded as UTF-8. ASCII URLs come back unchanged.
   *
   * @throws IllegalArgumentException when the host is not a valid international domain name
   */
  static String toAscii(String url) {
    if (isAscii(url)) {
      return url;
    }
    Matcher m = AUTHORITY.matcher(url);
    if (!m.matches()) {
      return percentEncode(url);
    }
    String authority = m.group(2);
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
    String hostPort = authority.substring(at + 1);
    String host = hostPort;
    String port = "";
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0 && !hostPort.startsWith("[") && hostPort.indexOf(':') == colon) {
      host = hostPort.substring(0, colon);
      port = hostPort.substring(colon);
    }
    String asciiHost = isAscii(host) ? host : IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
    return m.group(1) + percentEncode(userInfo) + asciiHost + port + percentEncode(m.group(3));
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static String percentEncode(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp <= 0x7e) {
        b.append((char) cp);
      } else {
        for (byte x : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16)));
          b.append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
        }
      }
    }
    return b.toString();
  }
}
