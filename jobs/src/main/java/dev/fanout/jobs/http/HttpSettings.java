package dev.fanout.jobs.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every HTTP setting of a run, in one value that travels with the task to every model (worker JVMs
 * and cluster members included): the limits, the TLS trust, the headers and credentials, the
 * proxies, compression and the protocol. Both clients ({@link BlockingHttpClient} and {@link
 * NettyHttpClient}) are built from it, so every model behaves the same.
 *
 * <p>Holds only strings, numbers, booleans, lists and maps, so the codecs can encode it. Files
 * named on the command line ({@code --cacert}, {@code --netrc-file}) are read where the run starts;
 * their content travels here, so a member on another machine needs no copy of them.
 *
 * <p>Immutable.
 *
 * @param connectTimeoutMs bound on establishing one connection
 * @param timeoutMs bound on the whole request, redirects included
 * @param maxRedirects redirects followed at most; 0 to follow none
 * @param maxSize decoded body bytes at most; {@link Long#MAX_VALUE} for no cap
 * @param headers {@code -H}: {@code Name: value} lines added to every request, in order
 * @param userAgent {@code -A}: the User-Agent header
 * @param user {@code -u user:password}, or null: Basic credentials for the URL's host
 * @param netrc credentials by host name, {@code user:password}, from {@code --netrc}; the key
 *     {@code ""} is the file's {@code default} entry
 * @param caCertPem {@code --cacert}: PEM certificates trusted in addition to the system's, or null
 * @param insecure {@code -k}: no certificate or host-name checks at all
 * @param httpProxy the proxy for {@code http://} URLs ({@code -x} or {@code http_proxy}), or null
 * @param httpsProxy the proxy for {@code https://} URLs ({@code -x} or {@code https_proxy}), or
 *     null
 * @param noProxy hosts reached directly, comma-separated as curl's {@code no_proxy}, or null
 * @param compressed {@code --compressed}: ask for gzip, deflate (and brotli), store the decoded
 *     body
 * @param http11 {@code --http1.1}: never negotiate HTTP/2
 */
public record HttpSettings(
    long connectTimeoutMs,
    long timeoutMs,
    int maxRedirects,
    long maxSize,
    List<String> headers,
    String userAgent,
    String user,
    Map<String, String> netrc,
    String caCertPem,
    boolean insecure,
    String httpProxy,
    String httpsProxy,
    String noProxy,
    boolean compressed,
    boolean http11) {

  /** The User-Agent sent unless {@code -A} says otherwise. */
  public static final String DEFAULT_USER_AGENT = "fanout/" + version();

  public HttpSettings {
    if (connectTimeoutMs <= 0) {
      throw new IllegalArgumentException(
          "connect timeout must be positive, got " + connectTimeoutMs);
    }
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeoutMs);
    }
    if (maxRedirects < 0) {
      throw new IllegalArgumentException("max redirects must be >= 0, got " + maxRedirects);
    }
    if (maxSize < 0) {
      throw new IllegalArgumentException("max size must be >= 0, got " + maxSize);
    }
    headers = List.copyOf(headers);
    for (String h : headers) {
      RequestHeaders.checkHeaderLine(h);
    }
    Objects.requireNonNull(userAgent, "userAgent");
    netrc = Map.copyOf(netrc);
    if (caCertPem != null) {
      Tls.certificates(caCertPem); // a bad --cacert fails here, not at the first https URL
    }
    if (user != null && user.indexOf(':') < 0) {
      throw new IllegalArgumentException("-u needs user:password, got no ':'");
    }
  }

  /** 10 s to connect, 60 s per request, 10 redirects, no size cap, nothing else set. */
  public static HttpSettings defaults() {
    return of(HttpLimits.defaults());
  }

  /** {@code limits}, nothing else set. */
  public static HttpSettings of(HttpLimits limits) {
    return new HttpSettings(
        limits.connectTimeout().toMillis(),
        limits.timeout().toMillis(),
        limits.maxRedirects(),
        limits.maxSize(),
        List.of(),
        DEFAULT_USER_AGENT,
        null,
        Map.of(),
        null,
        false,
        null,
        null,
        null,
        false,
        false);
  }

  /**
   * Checks a proxy URL as {@link #httpProxy()} takes it, before a run: a bad one would otherwise
   * fail every URL with the same message.
   *
   * @param where where it came from ({@code -x}, {@code https_proxy}), for the message
   * @param orElse what else the user can do, ending the message ("" for nothing)
   * @throws IllegalArgumentException naming {@code where} and what to give instead
   */
  public static void checkProxy(String where, String url, String orElse) {
    if (url == null || url.isBlank()) {
      return;
    }
    try {
      Proxies.parse(url);
    } catch (HttpException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage() + orElse, e);
    }
  }

  /** The timeouts, redirects and size cap. */
  public HttpLimits limits() {
    return new HttpLimits(
        Duration.ofMillis(connectTimeoutMs), Duration.ofMillis(timeoutMs), maxRedirects, maxSize);
  }

  /** These settings with other limits. */
  public HttpSettings withLimits(HttpLimits l) {
    return new HttpSettings(
        l.connectTimeout().toMillis(),
        l.timeout().toMillis(),
        l.maxRedirects(),
        l.maxSize(),
        headers,
        userAgent,
        user,
        netrc,
        caCertPem,
        insecure,
        httpProxy,
        httpsProxy,
        noProxy,
        compressed,
        http11);
  }

  /** Credentials are secret: they never show in a log line or an error. */
  @Override
  public String toString() {
    return "HttpSettings[connectTimeoutMs="
        + connectTimeoutMs
        + ", timeoutMs="
        + timeoutMs
        + ", maxRedirects="
        + maxRedirects
        + ", maxSize="
        + maxSize
        + ", headers="
        + headers.size()
        + ", userAgent="
        + userAgent
        + ", user="
        + (user == null ? "none" : "(set)")
        + ", netrc="
        + netrc.size()
        + " hosts, caCert="
        + (caCertPem == null ? "none" : "(set)")
        + ", insecure="
        + insecure
        + ", httpProxy="
        + Urls.redact(httpProxy)
        + ", httpsProxy="
        + Urls.redact(httpsProxy)
        + ", noProxy="
        + noProxy
        + ", compressed="
        + compressed
        + ", http11="
        + http11
        + "]";
  }

  private static String version() {
    String v = HttpSettings.class.getPackage().getImplementationVersion();
    return v == null ? "0.1" : v;
  }
}
