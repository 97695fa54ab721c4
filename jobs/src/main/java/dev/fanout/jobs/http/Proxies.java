package dev.fanout.jobs.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which proxy a URL goes through, as curl decides: {@link HttpSettings#httpProxy()} for {@code
 * http://}, {@link HttpSettings#httpsProxy()} for {@code https://}, none for a host matched by
 * {@link HttpSettings#noProxy()} ({@code *} matches all; {@code example.com} matches it and its
 * subdomains; a leading dot is ignored).
 *
 * <p>Stateless and thread-safe.
 */
final class Proxies {
  private Proxies() {}

  /** A proxy: where it listens and its credentials ({@code user:password}, or null). */
  record Proxy(String host, int port, String credentials) {}

  /** The proxy for {@code target}, or null to connect directly. */
  static Proxy forTarget(HttpSettings s, HttpTarget target) throws HttpException {
    return forHost(s, target.https(), target.host());
  }

  /** The proxy for {@code host} over http or https, or null to connect directly. */
  static Proxy forHost(HttpSettings s, boolean https, String host) throws HttpException {
    String url = https ? s.httpsProxy() : s.httpProxy();
    if (url == null || url.isBlank() || bypassed(s.noProxy(), host)) {
      return null;
    }
    return parse(url);
  }

  /** Whether {@code noProxy} (curl's {@code no_proxy} syntax) lists {@code host}. */
  static boolean bypassed(String noProxy, String host) {
    if (noProxy == null || noProxy.isBlank()) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    for (String entry : noProxy.split(",")) {
      String e = entry.trim().toLowerCase(Locale.ROOT);
      if (e.startsWith(".")) {
        e = e.substring(1);
      }
      if (e.startsWith("[") && e.endsWith("]")) {
        e = e.substring(1, e.length() - 1);
      }
      if (e.equals("*") || !e.isEmpty() && (h.equals(e) || h.endsWith("." + e))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A proxy URL as curl takes it: {@code http://[user:password@]host[:port]}, the scheme optional,
   * the port 1080 when absent.
   */
  static Proxy parse(String url) throws HttpException {
    String text = url.contains("://") ? url.trim() : "http://" + url.trim();
    try {
      URI u = new URI(text);
      if (!"http".equalsIgnoreCase(u.getScheme())) {
        throw new HttpException(
            "proxy '"
                + Urls.redact(url)
                + "' is not an http:// proxy: only HTTP proxies are supported (no socks)",
            false,
            null);
      }
      if (u.getHost() == null) {
        throw new HttpException(
            "proxy '" + Urls.redact(url) + "' has no host: use http://host:port", false, null);
      }
      String host = u.getHost();
      if (host.startsWith("[")) {
        host = host.substring(1, host.length() - 1);
      }
      String info = u.getUserInfo();
      return new Proxy(host, u.getPort() > 0 ? u.getPort() : 1080, info);
    } catch (URISyntaxException e) {
      throw new HttpException(
          "proxy '" + Urls.redact(url) + "' is not a URL: use http://host:port", false, e);
    }
  }
}
