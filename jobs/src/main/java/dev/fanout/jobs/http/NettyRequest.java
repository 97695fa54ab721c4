package dev.fanout.jobs.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One GET of {@link NettyHttpClient}, across its redirects: a small state machine driven by the
 * channel's events. Lives entirely on the client's loop thread, so it needs no locks.
 */
final class NettyRequest {
  static final String HANDLER = "fanout-response";
  private static final long DRAIN_LIMIT = 64 * 1024;

  private final NettyHttpClient client;
  private final String url;
  private final HttpLimits limits;
  private final BodySink sink;
  private final CompletableFuture<HttpResult> future;
  private HttpTarget target;
  private int hops;
  private ScheduledFuture<?> timer;
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
      String url,
      HttpLimits limits,
      BodySink sink,
      CompletableFuture<HttpResult> future) {
    this.client = client;
    this.url = url;
    this.limits = limits;
    this.sink = sink;
    this.future = future;
  }

  void start() {
    if (future.isDone()) {
      return;
    }
    try {
      target = HttpTarget.parse(url);
    } catch (HttpException e) {
      future.completeExceptionally(e);
      return;
    }
    timer =
        client
            .loop()
            .schedule(
                () ->
                    fail(
                        new HttpException(
                            "timed out after "
                                + limits.timeout().toMillis()
                                + " ms (--timeout) fetching "
                                + url
                                + (received > 0
                                    ? " (" + received + " bytes received, then silence)"
                                    : ""),
                            true,
                            null)),
                limits.timeout().toNanos(),
                TimeUnit.NANOSECONDS);
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
    Channel ch = client.idle(target.poolKey());
    if (ch != null) {
      reused = true;
      write(ch);
    } else {
      connect();
    }
  }

  private void connect() {
    reused = false;
    try {
      client
          .connect(target, limits)
          .addListener(
              f -> {
                Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                if (future.isDone()) {
                  ch.close();
                } else if (f.isSuccess()) {
                  write(ch);
                } else {
                  fail(connectError(f.cause()));
                }
              });
    } catch (IOException | RuntimeException e) {
      fail(new HttpException("cannot connect for " + url + ": " + e, true, e));
    }
  }

  private void write(Channel ch) {
    channel = ch;
    received = 0;
    status = 0;
    bytes = 0;
    location = null;
    retryAfter = null;
    ((Handler) ch.pipeline().get(HANDLER)).current = this;
    FullHttpRequest req =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target.requestTarget());
    req.headers()
        .set(HttpHeaderNames.HOST, target.hostHeader())
        .set(HttpHeaderNames.USER_AGENT, "fanout/0.1")
        .set(HttpHeaderNames.ACCEPT, "*/*")
        .set(HttpHeaderNames.ACCEPT_ENCODING, "identity");
    ch.writeAndFlush(req)
        .addListener(
            f -> {
              if (!f.isSuccess() && channel == ch) {
                broken(f.cause());
              }
            });
  }

  private void onObject(HttpObject msg) throws IOException {
    if (msg.decoderResult().isFailure()) {
      throw new HttpException(
          "bad HTTP response from " + url + ": " + msg.decoderResult().cause(), true, null);
    }
    if (msg instanceof HttpResponse r) {
      received++;
      status = r.status().code();
      reason = r.status().reasonPhrase();
      location = r.headers().get(HttpHeaderNames.LOCATION);
      retryAfter = r.headers().get(HttpHeaderNames.RETRY_AFTER);
      keepAlive = HttpUtil.isKeepAlive(r);
      success = status >= 200 && status <= 299;
      long length = HttpUtil.getContentLength(r, -1L);
      if (success && length > limits.maxSize()) {
        throw Exchange.tooLarge(url, limits.maxSize(), length);
      }
    }
    if (msg instanceof HttpContent c) {
      ByteBuf content = c.content();
      int n = content.readableBytes();
      received += n;
      bytes += n;
      if (success) {
        if (bytes > limits.maxSize()) {
          throw Exchange.tooLarge(url, limits.maxSize(), -1);
        }
        if (n > 0) {
          for (ByteBuffer b : content.nioBuffers()) {
            sink.accept(b);
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
      ((Handler) ch.pipeline().get(HANDLER)).current = this;
      return;
    }
    if (keepAlive) {
      client.release(target.poolKey(), ch);
    } else {
      ch.close();
    }
    if (HttpTarget.isRedirect(status) && location != null) {
      if (hops >= limits.maxRedirects()) {
        throw HttpException.tooManyRedirects(url, target.uri(), limits.maxRedirects(), status);
      }
      hops++;
      target = HttpTarget.redirect(target, location);
      send();
      return;
    }
    if (!success) {
      throw HttpException.forStatus(url, status, reason, retryAfter);
    }
    timer.cancel(false);
    future.complete(new HttpResult(target.uri().toString(), status, bytes, hops));
  }

  /** The connection failed or closed mid-exchange. */
  private void broken(Throwable cause) {
    Channel ch = channel;
    detach();
    if (ch != null) {
      ch.close();
    }
    if (future.isDone()) {
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
    if (cause instanceof UnknownHostException) {
      return new HttpException(
          "unknown host '"
              + target.host()
              + "' in "
              + url
              + ": check the URL (DNS does not know it)",
          false,
          cause);
    }
    if (cause instanceof ConnectTimeoutException) {
      return new HttpException(
          "connect to "
              + target.host()
              + ":"
              + target.port()
              + " timed out after "
              + limits.connectTimeout().toMillis()
              + " ms (--connect-timeout) for "
              + url,
          true,
          cause);
    }
    if (cause instanceof ConnectException) {
      return new HttpException(
          "cannot connect to "
              + target.host()
              + ":"
              + target.port()
              + " for "
              + url
              + ": connection refused (is the server up?)",
          true,
          cause);
    }
    return new HttpException("cannot connect for " + url + ": " + cause, true, cause);
  }

  private void detach() {
    if (channel != null) {
      Handler h = (Handler) channel.pipeline().get(HANDLER);
      if (h != null && h.current == this) {
        h.current = null;
      }
      channel = null;
    }
  }

  private void fail(Throwable error) {
    Channel ch = channel;
    detach();
    if (ch != null) {
      ch.close(); // mid-exchange: the connection's state is unknown, never reuse it
    }
    if (timer != null) {
      timer.cancel(false);
    }
    if (!future.isDone()) {
      future.completeExceptionally(error);
    }
  }

  /** The per-connection handler: forwards the channel's events to the request using it. */
  static final class Handler extends ChannelInboundHandlerAdapter {
    NettyRequest current;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        NettyRequest r = current;
        if (r != null && msg instanceof HttpObject o) {
          try {
            r.onObject(o);
          } catch (IOException | RuntimeException e) {
            r.fail(
                e instanceof HttpException
                    ? e
                    : new HttpException("fetching " + r.url + " failed: " + e, false, e));
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      NettyRequest r = current;
      if (r != null) {
        r.broken(null);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      NettyRequest r = current;
      if (r != null) {
        r.broken(cause);
      } else {
        ctx.close();
      }
    }
  }
}
