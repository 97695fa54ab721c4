package dev.fanout.jobs.http;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5 (classic) configured from {@link HttpSettings} for {@link
 * BlockingHttpClient}: bounded header parsing, one Content-Length, TLS with host names verified
 * (set up at the first https connection), the proxy of each URL, proxy credentials, and none of the
 * library's own redirects, cookies, retries or User-Agent (fanout has its own).
 *
 * <p>Stateless and thread-safe; the clients it builds are thread-safe.
 */
final class ApacheClients {
  private ApacheClients() {}

  /** Header lines and their length at most: a server cannot make a client read forever. */
  static final int MAX_HEADER_LINES = 100;

  static final int MAX_LINE = 8192;

  /** The connection pool: as large as the run wants, since fanout's limits bound the requests. */
  static PoolingHttpClientConnectionManager pool(HttpSettings settings) {
    return PoolingHttpClientConnectionManagerBuilder.create()
        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
        .setMaxConnTotal(100_000)
        .setMaxConnPerRoute(100_000) // fanout's --per-host limits requests, not the pool
        .setConnectionFactory(
            ManagedHttpClientConnectionFactory.builder()
                .http1Config(
                    Http1Config.custom()
                        .setMaxLineLength(MAX_LINE)
                        .setMaxHeaderCount(MAX_HEADER_LINES)
                        .build())
                .incomingContentLengthStrategy(OneContentLength.INSTANCE)
                .build())
        .setDefaultConnectionConfig(
            ConnectionConfig.custom()
                .setConnectTimeout(Timeout.ofMilliseconds(settings.connectTimeoutMs()))
                .setSocketTimeout(Timeout.ofMilliseconds(settings.timeoutMs()))
                .setValidateAfterInactivity(TimeValue.NEG_ONE_MILLISECOND)
                .build())
        .setTlsSocketStrategy(new LazyTls(settings))
        .build();
  }

  /** The client over {@code pool}. */
  static CloseableHttpClient client(
      HttpSettings settings, PoolingHttpClientConnectionManager pool) {
    HttpClientBuilder b =
        HttpClientBuilder.create()
            .setConnectionManager(pool)
            .disableRedirectHandling() // redirects are fanout's: credentials must not follow
            .disableCookieManagement()
            .disableDefaultUserAgent()
            .setRetryStrategy(new StaleConnectionRetry())
            .setRoutePlanner(new ProxyPlanner(settings))
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectionRequestTimeout(Timeout.ofMilliseconds(settings.timeoutMs()))
                    // no response timeout: the connection's socket timeout applies, set once per
                    // connection instead of once per request
                    .setRedirectsEnabled(false)
                    .setProtocolUpgradeEnabled(false) // no "Upgrade: TLS" on plain http
                    .build());
    BasicCredentialsProvider proxyCredentials = proxyCredentials(settings);
    if (proxyCredentials != null) {
      b.setDefaultCredentialsProvider(proxyCredentials);
    }
    if (!settings.compressed()) {
      b.disableContentCompression(); // store what the server sent, as curl does
    }
    return b.build();
  }

  private static SSLContext sslContext(HttpSettings s) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager trust =
          s.insecure()
              ? io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE.getTrustManagers()[0]
              : Tls.trustManager(s);
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static BasicCredentialsProvider proxyCredentials(HttpSettings s) {
    BasicCredentialsProvider provider = null;
    for (String url : new String[] {s.httpProxy(), s.httpsProxy()}) {
      if (url == null || url.isBlank()) {
        continue;
      }
      Proxies.Proxy p;
      try {
        p = Proxies.parse(url);
      } catch (HttpException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      if (p.credentials() != null) {
        int colon = p.credentials().indexOf(':');
        String user = colon < 0 ? p.credentials() : p.credentials().substring(0, colon);
        char[] password =
            colon < 0 ? new char[0] : p.credentials().substring(colon + 1).toCharArray();
        if (provider == null) {
          provider = new BasicCredentialsProvider();
        }
        provider.setCredentials(
            new AuthScope(p.host(), p.port()), new UsernamePasswordCredentials(user, password));
      }
    }
    return provider;
  }

  /**
   * TLS set up on the first https connection: a run of http URLs never loads the trust store. Host
   * names verified by both the JDK (endpoint identification) and HttpClient, unless {@code -k}.
   */
  private static final class LazyTls implements TlsSocketStrategy {
    private final HttpSettings settings;
    private volatile TlsSocketStrategy strategy;

    LazyTls(HttpSettings settings) {
      this.settings = settings;
    }

    @Override
    public SSLSocket upgrade(
        Socket socket, String target, int port, Object attachment, HttpContext context)
        throws IOException {
      TlsSocketStrategy s = strategy;
      if (s == null) {
        synchronized (this) {
          s = strategy;
          if (s == null) {
            s =
                ClientTlsStrategyBuilder.create()
                    .setSslContext(sslContext(settings))
                    .setHostVerificationPolicy(
                        settings.insecure()
                            ? HostnameVerificationPolicy.CLIENT
                            : HostnameVerificationPolicy.BOTH)
                    .setHostnameVerifier(settings.insecure() ? NoopHostnameVerifier.INSTANCE : null)
                    .buildClassic();
            strategy = s;
          }
        }
      }
      return s.upgrade(socket, target, port, attachment, context);
    }
  }

  /** The proxy of each URL, decided by {@link Proxies}. */
  private static final class ProxyPlanner extends DefaultRoutePlanner {
    private final HttpSettings settings;

    ProxyPlanner(HttpSettings settings) {
      super(DefaultSchemePortResolver.INSTANCE);
      this.settings = settings;
    }

    @Override
    protected HttpHost determineProxy(HttpHost target, HttpContext context)
        throws org.apache.hc.core5.http.HttpException {
      try {
        Proxies.Proxy p =
            Proxies.forHost(
                settings, "https".equalsIgnoreCase(target.getSchemeName()), target.getHostName());
        return p == null ? null : new HttpHost("http", p.host(), p.port());
      } catch (HttpException e) {
        throw new org.apache.hc.core5.http.HttpException(e.getMessage(), e);
      }
    }
  }

  /**
   * HttpClient's minimal client over {@code pool}, for the bare exchanges of {@link
   * BlockingHttpClient}: plain http, no proxy, nothing to decode, no headers of the request's own.
   * It skips the full client's execution chain (authentication state, the request's path prefix
   * parsed for it, the retry and protocol stages), which fanout does not use on such an exchange:
   * its redirects, credentials and retries are its own. It has no retry of its own: {@link
   * BlockingHttpClient} replaces a stale pooled connection once, as {@link StaleConnectionRetry}
   * does for the full client. Null when it cannot stand in: with {@code --compressed} (the full
   * client decodes), or when {@code -H 'User-Agent:'} removed the header (the minimal client would
   * add its own).
   */
  static CloseableHttpClient minimal(
      HttpSettings settings, PoolingHttpClientConnectionManager pool, boolean sendsUserAgent) {
    if (settings.compressed() || !sendsUserAgent) {
      return null;
    }
    return org.apache.hc.client5.http.impl.classic.HttpClients.createMinimal(pool);
  }

  /** A pooled connection the server closed meanwhile: no answer, or a reset on first use. */
  static boolean isStale(IOException exception) {
    return exception instanceof NoHttpResponseException
        || exception instanceof java.net.SocketException
            && String.valueOf(exception.getMessage()).matches("(?i).*(reset|broken pipe).*");
  }

  /**
   * Replaces a pooled connection the server closed while it was idle, once, without counting a
   * retry; every other failure is fanout's retry policy's to judge.
   */
  private static final class StaleConnectionRetry implements HttpRequestRetryStrategy {
    @Override
    public boolean retryRequest(
        org.apache.hc.core5.http.HttpRequest request,
        IOException exception,
        int execCount,
        HttpContext context) {
      // a pooled connection the server closed meanwhile: no answer, or a reset on first use
      return execCount <= 1 && isStale(exception);
    }

    @Override
    public boolean retryRequest(
        org.apache.hc.core5.http.HttpResponse response, int execCount, HttpContext context) {
      return false;
    }

    @Override
    public TimeValue getRetryInterval(
        org.apache.hc.core5.http.HttpResponse response, int execCount, HttpContext context) {
      return TimeValue.ZERO_MILLISECONDS;
    }
  }
}
