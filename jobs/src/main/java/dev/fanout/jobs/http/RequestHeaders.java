package dev.fanout.jobs.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The headers of one hop of a request, the same for both clients: {@code User-Agent}, {@code
 * Accept}, the run's {@code -H} headers, the request's own, and Basic credentials. Credentials
 * ({@code -u}, the URL's, {@code --netrc}) and any {@code Authorization} header go only to the host
 * and port of the URL as given, never to a host a redirect leads to.
 *
 * <p>Stateless and thread-safe.
 */
final class RequestHeaders {
  private RequestHeaders() {}

  /**
   * What {@code --compressed} asks for: gzip and deflate always, and brotli where brotli4j's native
   * library loads on this platform (both clients decode it through that library). A holder, so the
   * library is looked for only when a run asks for compression.
   */
  private static final class Encodings {
    static final String ACCEPTED =
        com.aayushatharva.brotli4j.Brotli4jLoader.isAvailable()
            ? "gzip, deflate, br"
            : "gzip, deflate";
  }

  /**
   * Checks a {@code Name: value} header line as {@code -H} takes it.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static void checkHeaderLine(String line) {
    int colon = line.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "header '" + line + "' is not 'Name: value' (e.g. -H 'Accept: text/html')");
    }
    for (int i = 0; i < colon; i++) {
      char c = line.charAt(i);
      if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
        throw new IllegalArgumentException(
            "header name '" + line.substring(0, colon) + "' has a character not allowed there");
      }
    }
    for (int i = colon + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException(
            "header '" + line.substring(0, colon) + "' has a line break in its value");
      }
    }
  }

  /**
   * The headers for one hop, by name in order: {@code first} is the URL as given, {@code hop} where
   * this hop goes. {@code Host} is the client's to set.
   */
  static Map<String, String> forHop(
      HttpSettings s, HttpRequest request, HttpTarget first, HttpTarget hop) {
    boolean sameHost = first.sameHost(hop);
    Map<String, String> h = withoutCredentials(s, request.headers(), sameHost);
    if (sameHost && !has(h, "Authorization")) {
      String credentials = credentials(s, first);
      if (credentials != null) {
        h.put(
            "Authorization",
            "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return h;
  }

  /**
   * {@link #forHop} for one client's settings, with the answer of the common hop worked out once:
   * no headers of the request's own, no credentials from anywhere, the URL's own host. Every other
   * hop is worked out as {@link #forHop} does.
   *
   * <p>Immutable and thread-safe.
   */
  static final class Cached {
    private final HttpSettings settings;
    private final Map<String, String> plain;
    private final boolean noCredentials;

    Cached(HttpSettings settings) {
      this.settings = settings;
      this.plain =
          java.util.Collections.unmodifiableMap(withoutCredentials(settings, Map.of(), true));
      this.noCredentials = settings.user() == null && settings.netrc().isEmpty();
    }

    /** Whether the common hop sends a {@code User-Agent} ({@code -H 'User-Agent:'} removes it). */
    boolean sendsUserAgent() {
      return plain.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("User-Agent"));
    }

    Map<String, String> forHop(HttpRequest request, HttpTarget first, HttpTarget hop) {
      if (noCredentials
          && first.userInfo() == null
          && request.headers().isEmpty()
          && (hop == first || first.sameHost(hop))) {
        return plain;
      }
      return RequestHeaders.forHop(settings, request, first, hop);
    }
  }

  /** The hop's headers but for credentials from {@code -u}, the URL or netrc. */
  private static Map<String, String> withoutCredentials(
      HttpSettings s, Map<String, String> own, boolean sameHost) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("User-Agent", s.userAgent());
    h.put("Accept", "*/*");
    if (s.compressed()) {
      h.put("Accept-Encoding", Encodings.ACCEPTED);
    }
    List<String[]> extra = new ArrayList<>();
    for (String line : s.headers()) {
      int colon = line.indexOf(':');
      extra.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
    }
    own.forEach((n, v) -> extra.add(new String[] {n, v}));
    for (String[] nv : extra) {
      String name = nv[0];
      remove(h, name); // curl: -H replaces a header fanout would send; 'Name:' alone removes it
      if (nv[1].isEmpty() || !sameHost && name.equalsIgnoreCase("Authorization")) {
        continue;
      }
      h.put(name, nv[1]);
    }
    return h;
  }

  /** {@code user:password} for the URL as given: {@code -u}, else the URL's, else netrc's. */
  static String credentials(HttpSettings s, HttpTarget first) {
    if (s.user() != null) {
      return s.user();
    }
    if (first.userInfo() != null) {
      return URLDecoder.decode(first.userInfo().replace("+", "%2B"), StandardCharsets.UTF_8);
    }
    String fromNetrc = s.netrc().get(first.host().toLowerCase(Locale.ROOT));
    return fromNetrc != null ? fromNetrc : s.netrc().get("");
  }

  private static boolean has(Map<String, String> h, String name) {
    return h.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
  }

  private static void remove(Map<String, String> h, String name) {
    h.keySet().removeIf(k -> k.equalsIgnoreCase(name));
  }
}
