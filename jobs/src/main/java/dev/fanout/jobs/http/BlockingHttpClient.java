package dev.fanout.jobs.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.ProtocolVersion;

/**
 * The blocking client of {@code sequential}, {@code threads}, {@code virtual}, {@code processes}
 * and {@code cluster}: Apache HttpClient 5 (classic I/O) configured from one {@link HttpSettings},
 * the seed's {@code requests.Session}. HttpClient writes the requests, parses the responses (with
 * bounded header lines), frames the bodies, sets up TLS with host-name verification, tunnels
 * through proxies and decodes gzip, deflate and brotli; this class adds what fanout's models share
 * with {@link NettyHttpClient}: the whole-request deadline, the body cap, the redirect and
 * credential rules ({@link RequestHeaders}), and errors as one line naming the URL. HTTP/1.1 only:
 * the classic client has no HTTP/2.
 *
 * <p>Thread-safe: one instance may serve one worker thread (threads, processes) or every virtual
 * thread of a run; connections are pooled and reused.
 */
public final class BlockingHttpClient implements AutoCloseable {
  /** A response body this small after a redirect or an error is read to keep the connection. */
  private static final long DRAIN_LIMIT = 64 * 1024;

  /** Ends requests at their deadline, wherever they block; one daemon thread per JVM. */
  private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

  private final HttpSettings settings;
  private final RequestHeaders.Cached hopHeaders;
  private final CloseableHttpClient client;
  private final CloseableHttpClient bare; // for bare exchanges, or null (ApacheClients.minimal)
  private final BlockingDeadlines deadlines;
  private volatile boolean closed;

  /**
   * A client for {@code settings}.
   *
   * @throws IllegalArgumentException when a setting cannot be used (a bad {@code --cacert})
   */
  public BlockingHttpClient(HttpSettings settings) {
    this.settings = settings;
    this.hopHeaders = new RequestHeaders.Cached(settings);
    this.deadlines = new BlockingDeadlines(DEADLINES, settings.timeoutMs());
    var pool = ApacheClients.pool(settings);
    this.client = ApacheClients.client(settings, pool);
    this.bare = ApacheClients.minimal(settings, pool, hopHeaders.sendsUserAgent());
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
    HttpTarget first = HttpTarget.parse(request.url());
    HttpTarget target = first;
    BlockingDeadlines.Exchange exchange = deadlines.start();
    try {
      for (int hops = 0; ; hops++) {
        long[] received = {0};
        try {
          HttpClientContext context = HttpClientContext.create();
          try (CloseableHttpResponse response =
              execute(request, first, target, exchange, context)) {
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
                response.getVersion() != null
                    ? response.getVersion()
                    : context.getProtocolVersion();
            String protocol = v == null ? "HTTP/1.1" : v.format();
            if (sink.readsHead()) {
              sink.begin(new ResponseHead(status, protocol, headers(response)));
            }
            readBody(response.getEntity(), sink, url, received, exchange);
            return new HttpResult(target.shown(), status, received[0], hops, protocol);
          }
        } catch (IOException | RuntimeException e) {
          if (exchange.timedOut()) {
            throw HttpException.timedOut(url, settings.timeoutMs(), received[0], e);
          }
          throw describe(e, url, target, proxyOf(target));
        }
      }
    } finally {
      deadlines.stop(exchange);
    }
  }

  /**
   * Sends one hop and returns its response head: through the minimal client when the exchange is
   * bare (plain http, no proxy, no headers of the request's own; see {@link
   * ApacheClients#minimal}), else through the full one.
   */
  private CloseableHttpResponse execute(
      HttpRequest request,
      HttpTarget first,
      HttpTarget target,
      BlockingDeadlines.Exchange exchange,
      HttpClientContext context)
      throws IOException {
    HttpGet get = hop(request, first, target, exchange);
    if (bare == null || target.https() || !request.headers().isEmpty() || !direct(target)) {
      return client.execute(null, get, context);
    }
    HttpHost host = new HttpHost("http", target.host(), target.port());
    try {
      return bare.execute(host, get, context);
    } catch (IOException e) {
      if (!ApacheClients.isStale(e)
          || exchange.timedOut()
          || Thread.currentThread().isInterrupted()) {
        throw e;
      }
      // a pooled connection the server had closed: once more on another (the full client's
      // retry strategy does the same)
      return bare.execute(host, hop(request, first, target, exchange), context);
    }
  }

  /** The GET of one hop, made the exchange's current one (a timeout or a close aborts it). */
  private HttpGet hop(
      HttpRequest request,
      HttpTarget first,
      HttpTarget target,
      BlockingDeadlines.Exchange exchange) {
    HttpGet get = new HttpGet(target.uri());
    // the host as the URL had it, in ASCII: HttpClient would show an IDN in Unicode to a proxy
    get.setAuthority(new org.apache.hc.core5.net.URIAuthority(target.host(), target.port()));
    hopHeaders.forHop(request, first, target).forEach(get::setHeader);
    exchange.hop(get);
    return get;
  }

  /** Whether {@code target} is reached without a proxy. */
  private boolean direct(HttpTarget target) {
    try {
      return settings.httpProxy() == null || Proxies.forTarget(settings, target) == null;
    } catch (HttpException e) {
      return false; // the full client reports it
    }
  }

  /**
   * Reads the body into {@code sink}. When reading stops early (the sink failed, the thread was
   * interrupted by a cancel) the exchange is aborted first: closing the stream of an unfinished
   * body would otherwise read the rest of it to reuse the connection, which kept a cancelled
   * download running to its end.
   */
  private void readBody(
      HttpEntity entity,
      BodySink sink,
      String url,
      long[] received,
      BlockingDeadlines.Exchange exchange)
      throws IOException {
    if (entity == null) {
      return;
    }
    long length = entity.getContentLength();
    if (length > settings.maxSize() && entity.getContentEncoding() == null) {
      throw HttpException.tooLarge(url, settings.maxSize(), length);
    }
    // a small body needs no 16 KiB buffer (zeroed on every request)
    byte[] buffer = new byte[length >= 0 && length < 16 * 1024 ? (int) length + 1 : 16 * 1024];
    InputStream in = entity.getContent();
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        received[0] += n;
        if (received[0] > settings.maxSize()) {
          throw HttpException.tooLarge(url, settings.maxSize(), -1);
        }
        if (n > 0) {
          try {
            sink.accept(ByteBuffer.wrap(buffer, 0, n));
          } catch (IOException e) {
            throw SinkException.of(e, url);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      exchange.abort();
      throw e;
    } finally {
      try {
        in.close();
      } catch (IOException afterAbort) {
        // the exchange was aborted: nothing more to read
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
    if (e instanceof HttpException || e instanceof SinkException) {
      return (IOException) e; // already says what failed
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

  private static ScheduledThreadPoolExecutor deadlines() {
    ScheduledThreadPoolExecutor e =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("fanout-http-deadline").factory());
    e.setRemoveOnCancelPolicy(true);
    return e;
  }

  /** Closes every connection, idle or in use: requests in flight fail at once. */
  @Override
  public void close() {
    closed = true;
    deadlines.cancelAll();
    try {
      client.close();
    } catch (IOException ignored) {
      // closing: nothing left to save
    }
  }
}
