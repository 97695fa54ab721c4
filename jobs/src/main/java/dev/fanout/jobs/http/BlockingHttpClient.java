package dev.fanout.jobs.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The blocking client of {@code sequential}, {@code threads}, {@code virtual}, {@code processes}
 * and {@code cluster}: Apache HttpClient 5 (classic I/O) configured from one {@link HttpSettings},
 * the seed's {@code requests.Session}. HttpClient writes the requests, parses the responses (with
 * bounded header lines), frames the bodies, sets up TLS with host-name verification, tunnels
 * through proxies and decodes gzip and deflate; this class adds what fanout's models share with
 * {@link NettyHttpClient}: the whole-request deadline, the body cap, the redirect and credential
 * rules ({@link RequestHeaders}), and errors as one line naming the URL. HTTP/1.1 only: the classic
 * client has no HTTP/2.
 *
 * <p>Thread-safe: one instance may serve one worker thread (threads, processes) or every virtual
 * thread of a run; connections are pooled and reused.
 */
public final class BlockingHttpClient implements AutoCloseable {
  /** A response body this small after a redirect or an error is read to keep the connection. */
  private static final long DRAIN_LIMIT = 64 * 1024;

  /** Header lines and their length at most: a server cannot make a client read forever. */
  static final int MAX_HEADER_LINES = 100;

  static final int MAX_LINE = 8192;

  /** Ends requests at their deadline, wherever they block; one daemon thread per JVM. */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

  private final HttpSettings settings;
  private final CloseableHttpClient client;
  private final PoolingHttpClientConnectionManager pool;
  private final Set<HttpGet> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * A client for {@code settings}.
   *
   * @throws IllegalArgumentException when a setting cannot be used (a bad {@code --cacert})
   */
  public BlockingHttpClient(HttpSettings settings) {
    this.settings = settings;
    this.pool =
        PoolingHttpClientConnectionManagerBuilder.create()
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
    this.client = b.build();
  }

  /** The settings this client was built from. */
  public HttpSettings settings() {
    return settings;
  }

  /** {@link #get(HttpRequest, BodySink)} of a plain GET. */
  public HttpResult get(String url, BodySink sink) throws IOException {
    return get(HttpRequest.get(url), sink);
  }

  /**
   * GETs {@code request.url()}, following redirects, and hands the head and body of the final 2xx
   * answer to {@code sink}.
   *
   * @throws HttpException naming the URL: a bad URL, an unknown host, a refused or reset
   *     connection, a TLS failure, a timeout, a malformed response, a status that is not 2xx, a
   *     body over the cap or shorter than announced, too many redirects
   * @throws InterruptedIOException when the calling thread is interrupted (the run was cancelled)
   */
  public HttpResult get(HttpRequest request, BodySink sink) throws IOException {
    if (closed) {
      throw new IllegalStateException("this HTTP client is closed");
    }
    String url = Urls.redact(request.url());
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMs());
    HttpTarget first = HttpTarget.parse(request.url());
    HttpTarget target = first;
    for (int hops = 0; ; hops++) {
      HttpGet get = new HttpGet(target.uri());
      // the host as the URL had it, in ASCII: HttpClient would show an IDN in Unicode to a proxy
      get.setAuthority(new org.apache.hc.core5.net.URIAuthority(target.host(), target.port()));
      RequestHeaders.forHop(settings, request, first, target).forEach(get::setHeader);
      boolean[] timedOut = {false};
      long left = deadline - System.nanoTime();
      ScheduledFuture<?> alarm =
          DEADLINES.schedule(
              () -> {
                timedOut[0] = true;
                get.cancel();
              },
              Math.max(1, left),
              TimeUnit.NANOSECONDS);
      inFlight.add(get);
      long[] received = {0};
      try {
        HttpClientContext context = HttpClientContext.create();
        try (CloseableHttpResponse response = client.execute(null, get, context)) {
          int status = response.getCode();
          if (HttpTarget.isRedirect(status) && response.getFirstHeader("Location") != null) {
            drain(response.getEntity());
            if (hops >= settings.maxRedirects()) {
              throw HttpException.tooManyRedirects(
                  url, target.shown(), settings.maxRedirects(), status);
            }
            target = HttpTarget.redirect(target, response.getFirstHeader("Location").getValue());
            continue;
          }
          if (status < 200 || status > 299) {
            drain(response.getEntity());
            Header after = response.getFirstHeader("Retry-After");
            throw HttpException.forStatus(
                url, status, response.getReasonPhrase(), after == null ? null : after.getValue());
          }
          ProtocolVersion v =
              response.getVersion() != null ? response.getVersion() : context.getProtocolVersion();
          String protocol = v == null ? "HTTP/1.1" : v.format();
          sink.begin(new ResponseHead(status, protocol, headers(response)));
          readBody(response.getEntity(), sink, url, received);
          return new HttpResult(target.shown(), status, received[0], hops, protocol);
        }
      } catch (IOException | RuntimeException e) {
        if (timedOut[0]) {
          throw HttpException.timedOut(url, settings.timeoutMs(), received[0], e);
        }
        throw describe(e, url, target, proxyOf(target));
      } finally {
        alarm.cancel(false);
        inFlight.remove(get);
      }
    }
  }

  private void readBody(HttpEntity entity, BodySink sink, String url, long[] received)
      throws IOException {
    if (entity == null) {
      return;
    }
    long length = entity.getContentLength();
    if (length > settings.maxSize() && entity.getContentEncoding() == null) {
      throw HttpException.tooLarge(url, settings.maxSize(), length);
    }
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = entity.getContent()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        received[0] += n;
        if (received[0] > settings.maxSize()) {
          throw HttpException.tooLarge(url, settings.maxSize(), -1);
        }
        if (n > 0) {
          sink.accept(ByteBuffer.wrap(buffer, 0, n));
        }
      }
    }
  }

  /** Reads a small unwanted body so the connection can be reused; a big one closes it. */
  private static void drain(HttpEntity entity) throws IOException {
    if (entity == null) {
      return;
    }
    long length = entity.getContentLength();
    if (length < 0 || length > DRAIN_LIMIT) {
      return; // closing the response without reading closes the connection
    }
    try (InputStream in = entity.getContent()) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }

  private static Map<String, String> headers(CloseableHttpResponse response) {
    Map<String, String> h = new HashMap<>();
    for (Header header : response.getHeaders()) {
      h.merge(header.getName().toLowerCase(Locale.ROOT), header.getValue(), (a, b) -> a + ", " + b);
    }
    return h;
  }

  /** Turns a failure from the library into an {@link HttpException} naming the URL. */
  private Proxies.Proxy proxyOf(HttpTarget t) {
    try {
      return Proxies.forTarget(settings, t);
    } catch (HttpException e) {
      return null;
    }
  }

  private static IOException describe(Throwable e, String url, HttpTarget t, Proxies.Proxy proxy) {
    if (e instanceof HttpException h) {
      return h;
    }
    if (Thread.currentThread().isInterrupted()
        || e instanceof InterruptedIOException
            && !(e instanceof SocketTimeoutException)
            && !(e instanceof ConnectTimeoutException)) {
      Thread.currentThread().interrupt();
      return new InterruptedIOException("cancelled while fetching " + url);
    }
    if (Tls.isTlsFailure(e)) {
      return Tls.failure(e, url, t.host());
    }
    // a proxy in the way is what could not be reached: name it, not the URL's host
    String host = proxy == null ? t.host() : "proxy " + proxy.host();
    int port = proxy == null ? t.port() : proxy.port();
    if (e instanceof UnknownHostException) {
      return HttpException.unknownHost(url, host, e);
    }
    if (e instanceof ConnectTimeoutException) {
      return new HttpException(
          "connect to " + host + ":" + port + " timed out (--connect-timeout) for " + url, true, e);
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return HttpException.refused(url, host, port, e);
    }
    if (e instanceof SocketTimeoutException) {
      return new HttpException("timed out (--timeout) fetching " + url, true, e);
    }
    if (e instanceof ConnectionClosedException || e instanceof NoHttpResponseException) {
      return new HttpException(
          "connection closed early by the server while fetching " + url + ": " + e.getMessage(),
          true,
          e);
    }
    if (e instanceof org.apache.hc.core5.http.HttpException
        || e instanceof org.apache.hc.core5.http.MalformedChunkCodingException
        || e instanceof org.apache.hc.core5.http.MessageConstraintException
        || e instanceof org.apache.hc.core5.http.TruncatedChunkException
        || e.getCause() instanceof org.apache.hc.core5.http.HttpException) {
      return HttpException.badResponse(url, e.getMessage(), e);
    }
    if (e instanceof java.net.SocketException) {
      return new HttpException(
          "connection " + lower(e.getMessage()) + " while fetching " + url, true, e);
    }
    return new HttpException("fetching " + url + " failed: " + e, true, e);
  }

  private static String lower(String message) {
    return message == null ? "failed" : message.toLowerCase(Locale.ROOT);
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

  private static ScheduledThreadPoolExecutor deadlines() {
    ScheduledThreadPoolExecutor e =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("fanout-http-deadline").factory());
    e.setRemoveOnCancelPolicy(true);
    return e;
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
      return execCount <= 1
          && (exception instanceof NoHttpResponseException
              || exception instanceof java.net.SocketException
                  && String.valueOf(exception.getMessage()).matches("(?i).*(reset|broken pipe).*"));
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

  /** Closes every connection, idle or in use: requests in flight fail at once. */
  @Override
  public void close() {
    closed = true;
    inFlight.forEach(HttpGet::cancel);
    try {
      client.close();
    } catch (IOException ignored) {
      // closing: nothing left to save
    }
  }
}
