package dev.fanout.jobs.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;

/**
 * One GET of {@link NettyHttpClient}, across its redirects: a small state machine driven by the
 * channel's events. Lives entirely on the client's loop thread, so it needs no locks.
 */
final class NettyRequest {
  static final String HANDLER = "fanout-response";
  private static final long DRAIN_LIMIT = 64 * 1024;

  private final NettyHttpClient client;
  private final HttpRequest request;
  final String url;
  private final HttpSettings settings;
  private final BodySink sink;
  private final CompletableFuture<HttpResult> future;
  private HttpTarget first;
  private HttpTarget target;
  private Proxies.Proxy proxy;
  private String poolKey;
  private String protocol;
  private boolean h2Stream; // this exchange runs on an HTTP/2 stream, not a whole connection
  private int hops;
  // this request's place among its client's deadlines (LoopDeadlines)
  long deadline;
  NettyRequest older;
  NettyRequest newer;
  boolean timed;
  private Channel channel;
  private boolean reused;
  private long received;

  // the response being read
  private int status;
  private String reason;
  private String location;
  private String retryAfter;
  private boolean keepAlive;
  private boolean success;
  private long bytes;

  NettyRequest(
      NettyHttpClient client,
      HttpRequest request,
      HttpSettings settings,
      BodySink sink,
      CompletableFuture<HttpResult> future) {
    this.client = client;
    this.request = request;
    this.url = Urls.redact(request.url());
    this.settings = settings;
    this.sink = sink;
    this.future = future;
  }

  void start() {
    if (future.isDone()) {
      return;
    }
    try {
      target = HttpTarget.parse(request.url());
      first = target;
    } catch (HttpException e) {
      future.completeExceptionally(e);
      return;
    }
    client.deadlines().start(this);
    // a cancelled run (Ctrl-C, close) cancels the future: drop the connection with it
    future.whenComplete(
        (r, e) -> {
          if (future.isCancelled()) {
            client.loop().execute(() -> fail(e));
          }
        });
    send();
  }

  private void send() {
    h2Stream = false;
    try {
      proxy = Proxies.forTarget(settings, target);
    } catch (HttpException e) {
      fail(e);
      return;
    }
    poolKey = NettyHttpClient.poolKey(target, proxy);
    Channel connection = client.h2Connection(poolKey);
    if (connection != null) {
      reused = true;
      openStream(connection);
      return;
    }
    Channel ch = client.idle(poolKey);
    if (ch != null) {
      reused = true;
      write(ch);
    } else {
      connect();
    }
  }

  private void connect() {
    reused = false;
    h2Stream = false;
    if (target.https() && !client.tlsReady()) { // built off the loop, then connect on it
      client
          .prepareTls()
          .whenComplete(
              (ok, e) ->
                  client
                      .loop()
                      .execute(
                          () -> {
                            if (future.isDone()) {
                              return;
                            }
                            if (e != null) {
                              Throwable cause = e.getCause() != null ? e.getCause() : e;
                              fail(
                                  new HttpException(
                                      "cannot set up TLS for " + url + ": " + cause.getMessage(),
                                      false,
                                      cause));
                            } else {
                              connect();
                            }
                          }));
      return;
    }
    try {
      client
          .connect(target, proxy)
          .addListener(
              f -> {
                Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                if (future.isDone()) {
                  ch.close();
                } else if (f.isSuccess()) {
                  SslHandler tls = ch.pipeline().get(SslHandler.class);
                  if (tls == null) {
                    write(ch);
                  } else { // ALPN's choice is known once the handshake is done
                    tls.handshakeFuture().addListener(h -> handshaken(ch, tls, h));
                  }
                } else {
                  fail(connectError(f.cause()));
                }
              });
    } catch (IOException | RuntimeException e) {
      fail(new HttpException("cannot connect for " + url + ": " + e, true, e));
    }
  }

  private void handshaken(Channel ch, SslHandler tls, io.netty.util.concurrent.Future<?> h) {
    if (future.isDone()) {
      ch.close();
      return;
    }
    if (!h.isSuccess()) {
      io.netty.handler.proxy.ProxyHandler p =
          ch.pipeline().get(io.netty.handler.proxy.ProxyHandler.class);
      Throwable cause =
          p != null && p.connectFuture().isDone() && !p.connectFuture().isSuccess()
              ? p.connectFuture().cause()
              : h.cause();
      ch.close();
      broken(cause);
      return;
    }
    if (io.netty.handler.ssl.ApplicationProtocolNames.HTTP_2.equals(tls.applicationProtocol())) {
      client.becomeH2(poolKey, ch);
      openStream(ch);
    } else {
      write(ch);
    }
  }

  private void openStream(Channel connection) {
    client
        .openStream(connection)
        .addListener(
            f -> {
              if (future.isDone()) {
                if (f.isSuccess()) {
                  ((Channel) f.getNow()).close();
                }
              } else if (f.isSuccess()) {
                h2Stream = true;
                write((Channel) f.getNow());
              } else {
                broken(f.cause());
              }
            });
  }

  private void write(Channel ch) {
    channel = ch;
    received = 0;
    status = 0;
    bytes = 0;
    location = null;
    retryAfter = null;
    ((NettyResponseHandler) ch.pipeline().get(HANDLER)).current = this;
    boolean absolute = proxy != null && !target.https(); // a plain-http proxy takes the whole URL
    FullHttpRequest req =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.GET,
            absolute ? target.uri().toASCIIString() : target.requestTarget());
    req.headers().set(HttpHeaderNames.HOST, target.hostHeader());
    if (h2Stream) {
      req.headers()
          .set(
              io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(),
              "https");
    }
    client.headers().forHop(request, first, target).forEach(req.headers()::set);
    if (absolute && proxy.credentials() != null) {
      req.headers()
          .set(
              HttpHeaderNames.PROXY_AUTHORIZATION,
              "Basic "
                  + java.util.Base64.getEncoder()
                      .encodeToString(
                          java.net.URLDecoder.decode(
                                  proxy.credentials().replace("+", "%2B"),
                                  java.nio.charset.StandardCharsets.UTF_8)
                              .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    ch.writeAndFlush(req)
        .addListener(
            f -> {
              if (!f.isSuccess() && channel == ch) {
                broken(f.cause());
              }
            });
  }

  void onObject(HttpObject msg) throws IOException {
    if (msg.decoderResult().isFailure()) {
      Throwable cause = msg.decoderResult().cause();
      throw HttpException.badResponse(url, String.valueOf(cause.getMessage()), cause);
    }
    if (msg instanceof HttpResponse r) {
      received++;
      status = r.status().code();
      reason = r.status().reasonPhrase();
      location = r.headers().get(HttpHeaderNames.LOCATION);
      retryAfter = r.headers().get(HttpHeaderNames.RETRY_AFTER);
      keepAlive = HttpUtil.isKeepAlive(r);
      protocol = h2Stream ? "HTTP/2" : r.protocolVersion().text();
      success = status >= 200 && status <= 299;
      long length = HttpUtil.getContentLength(r, -1L);
      if (success && length > settings.maxSize()) {
        throw HttpException.tooLarge(url, settings.maxSize(), length);
      }
      if (success && sink.readsHead()) {
        java.util.Map<String, String> headers = new java.util.HashMap<>();
        r.headers()
            .forEach(
                e ->
                    headers.merge(
                        e.getKey().toLowerCase(java.util.Locale.ROOT),
                        e.getValue(),
                        (a, b) -> a + ", " + b));
        sink.begin(new ResponseHead(status, protocol, headers));
      }
    }
    if (msg instanceof HttpContent c) {
      ByteBuf content = c.content();
      int n = content.readableBytes();
      received += n;
      bytes += n;
      if (success) {
        if (bytes > settings.maxSize()) {
          throw HttpException.tooLarge(url, settings.maxSize(), -1);
        }
        if (n > 0) {
          try {
            for (ByteBuffer b : content.nioBuffers()) {
              sink.accept(b);
            }
          } catch (IOException e) {
            throw SinkException.of(e, url);
          }
        }
      } else if (bytes > DRAIN_LIMIT) {
        keepAlive = false; // an error page too big to drain: give the connection up
        responseEnded();
        return;
      }
      if (msg instanceof LastHttpContent) {
        responseEnded();
      }
    }
  }

  private void responseEnded() throws HttpException {
    Channel ch = channel;
    detach();
    if (status >= 100 && status < 200) {
      channel = ch; // an interim answer: the real one follows on the same connection
      ((NettyResponseHandler) ch.pipeline().get(HANDLER)).current = this;
      return;
    }
    if (h2Stream) {
      ch.close(); // the stream is done; its connection stays for the next requests
      h2Stream = false;
      Channel connection = ch.parent();
      if (connection != null && client.h2Connection(poolKey) != connection) {
        connection.close(); // one of several opened at once: the pool keeps only one per host
      }
    } else if (keepAlive) {
      client.release(poolKey, ch);
    } else {
      ch.close();
    }
    if (HttpTarget.isRedirect(status) && location != null) {
      if (hops >= settings.maxRedirects()) {
        throw HttpException.tooManyRedirects(url, target.shown(), settings.maxRedirects(), status);
      }
      hops++;
      target = HttpTarget.redirect(target, location);
      send();
      return;
    }
    if (!success) {
      throw HttpException.forStatus(url, status, reason, retryAfter);
    }
    client.deadlines().stop(this);
    future.complete(new HttpResult(target.shown(), status, bytes, hops, protocol));
  }

  /** The whole-request deadline ({@code --timeout}) passed: called by {@link LoopDeadlines}. */
  void timedOut() {
    fail(HttpException.timedOut(url, settings.timeoutMs(), bytes, null));
  }

  /** The connection failed or closed mid-exchange. */
  void broken(Throwable cause) {
    Channel ch = channel;
    detach();
    if (ch != null) {
      ch.close();
    }
    if (future.isDone()) {
      return;
    }
    if (cause != null && Tls.isTlsFailure(cause)) {
      fail(Tls.failure(cause, url, target.host()));
      return;
    }
    if (cause instanceof io.netty.handler.proxy.ProxyConnectException) {
      fail(
          new HttpException(
              "the proxy refused or failed the tunnel to "
                  + target.host()
                  + ":"
                  + target.port()
                  + " for "
                  + url
                  + ": "
                  + Urls.redact(String.valueOf(cause.getMessage())),
              true,
              cause));
      return;
    }
    if (reused && received == 0) {
      connect(); // the server closed this idle connection meanwhile: a fresh one
      return;
    }
    String after = received > 0 ? " after " + Math.max(0, bytes) + " body bytes" : "";
    String what =
        cause == null || cause instanceof ClosedChannelException
            ? "connection closed by the server"
            : cause instanceof IOException && String.valueOf(cause.getMessage()).contains("reset")
                ? "connection reset by peer"
                : "connection failed (" + cause + ")";
    fail(new HttpException(what + " while fetching " + url + after, true, cause));
  }

  private HttpException connectError(Throwable cause) {
    String host = proxy != null ? "proxy " + proxy.host() : target.host();
    int port = proxy != null ? proxy.port() : target.port();
    if (cause instanceof UnknownHostException) {
      return HttpException.unknownHost(url, host, cause);
    }
    if (Tls.isTlsFailure(cause)) {
      return Tls.failure(cause, url, target.host());
    }
    if (cause instanceof ConnectTimeoutException) {
      return new HttpException(
          "connect to "
              + host
              + ":"
              + port
              + " timed out after "
              + settings.connectTimeoutMs()
              + " ms (--connect-timeout) for "
              + url,
          true,
          cause);
    }
    if (cause instanceof ConnectException) {
      return HttpException.refused(url, host, port, cause);
    }
    return new HttpException("cannot connect for " + url + ": " + cause, true, cause);
  }

  private void detach() {
    if (channel != null) {
      NettyResponseHandler h = (NettyResponseHandler) channel.pipeline().get(HANDLER);
      if (h != null && h.current == this) {
        h.current = null;
      }
      channel = null;
    }
  }

  void fail(Throwable error) {
    Channel ch = channel;
    detach();
    if (ch != null) {
      ch.close(); // mid-exchange: the connection's state is unknown, never reuse it
    }
    client.deadlines().stop(this);
    if (!future.isDone()) {
      future.completeExceptionally(error);
    }
  }
}
