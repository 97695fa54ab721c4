package dev.fanout.jobs.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A URL checked for what the clients can fetch: {@code http} or {@code https}, a host, a port.
 *
 * <p>Immutable.
 *
 * @param uri the parsed URL
 * @param https true for {@code https}
 * @param host the host name or address (IPv6 without brackets)
 * @param port the port, the scheme's default filled in
 * @param requestTarget the path and query sent in the request line
 * @param userInfo {@code user:password} from the URL (percent-decoded), or null
 */
record HttpTarget(
    URI uri, boolean https, String host, int port, String requestTarget, String userInfo) {
  /** Longest URL fetched: servers commonly refuse request lines much over 8 KB. */
  static final int MAX_URL_CHARS = 8192;

  /** The key of a connection pool: one pool per scheme, host and port. */
  String poolKey() {
    return (https ? "https://" : "http://") + host + ":" + port;
  }

  /** The {@code Host} header. */
  String hostHeader() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return (https ? port == 443 : port == 80) ? h : h + ":" + port;
  }

  static HttpTarget parse(String url) throws HttpException {
    if (url.length() > MAX_URL_CHARS) {
      throw new HttpException(
          "URL too long: "
              + url.length()
              + " characters, at most "
              + MAX_URL_CHARS
              + " are fetched (it starts '"
              + url.substring(0, 80)
              + "')",
          false,
          null);
    }
    if (url.indexOf('\uFFFD') >= 0) {
      throw new HttpException(
          "malformed URL '"
              + url
              + "': the list has bytes there that are not UTF-8 (shown as \uFFFD);"
              + " save it as UTF-8",
          false,
          null);
    }
    URI uri;
    try {
      uri = new URI(Urls.toAscii(url.trim()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new HttpException(
          "malformed URL '" + Urls.redact(url) + "': " + Urls.redact(e.getMessage()), false, e);
    }
    return of(uri, Urls.redact(url));
  }

  /** The target of a redirect's {@code Location}, relative to {@code from}. */
  static HttpTarget redirect(HttpTarget from, String location) throws HttpException {
    try {
      return of(from.uri.resolve(new URI(Urls.toAscii(location.trim()))), Urls.redact(location));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new HttpException(
          "bad redirect from " + from.uri + " to '" + location + "': " + e.getMessage(), false, e);
    }
  }

  private static HttpTarget of(URI uri, String text) throws HttpException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new HttpException(
          "unsupported scheme in '" + text + "': only http:// and https:// URLs can be fetched",
          false,
          null);
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new HttpException("malformed URL '" + text + "': it has no host", false, null);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw new HttpException(
          "malformed URL '" + text + "': port " + uri.getPort() + " is not within 1..65535",
          false,
          null);
    }
    boolean https = scheme.equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    String userInfo = uri.getUserInfo();
    if (userInfo != null) { // used as credentials, never shown: the URI kept has none
      try {
        String authority = uri.getRawAuthority();
        uri =
            new URI(scheme + "://" + authority.substring(authority.lastIndexOf('@') + 1) + target);
      } catch (URISyntaxException e) {
        throw new HttpException("malformed URL '" + text + "': " + e.getMessage(), false, e);
      }
    }
    return new HttpTarget(uri, https, host, port, target, userInfo);
  }

  /** Whether {@code other} is the same origin's host and port (credentials may go there). */
  boolean sameHost(HttpTarget other) {
    return host.equalsIgnoreCase(other.host) && port == other.port;
  }

  /** The URL without credentials, for messages and results. */
  String shown() {
    return uri.toString();
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}
