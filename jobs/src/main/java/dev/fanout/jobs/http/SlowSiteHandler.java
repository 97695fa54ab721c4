package dev.fanout.jobs.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Answers one connection's requests for {@link SlowSiteServer}; one instance per connection. */
final class SlowSiteHandler extends SimpleChannelInboundHandler<HttpObject> {
  /** Body bytes shared by every response: a readable pattern, sliced, never copied or freed. */
  private static final ByteBuf FILLER = filler(64 * 1024);

  private static final int MAX_SIZE = 1 << 30;

  private final SlowSiteServer.Counters counters;
  private SlowSiteServer.Peak active;
  private SlowSiteServer.Peak open;
  private boolean inRequest;

  SlowSiteHandler(SlowSiteServer.Counters counters) {
    this.counters = counters;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    String address = clientAddress(ctx);
    counters.accepted.incrementAndGet();
    open = counters.open(address);
    active = counters.active(address);
    open.up();
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (open != null) {
      open.down();
    }
    endRequest();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a client that resets or misbehaves: nothing to tell it
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
    if (!(msg instanceof HttpRequest request)) {
      return; // GET bodies (none expected) are ignored
    }
    counters.requests.incrementAndGet();
    if (!inRequest) {
      inRequest = true;
      active.up();
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    QueryStringDecoder q = new QueryStringDecoder(request.uri());
    String path = q.path();
    try {
      if (path.startsWith("/p/")) {
        page(ctx, q, keepAlive);
      } else if (path.startsWith("/flaky/")) {
        flaky(ctx, q, keepAlive);
      } else if (path.startsWith("/status/")) {
        int code = Integer.parseInt(path.substring("/status/".length()));
        sendText(ctx, HttpResponseStatus.valueOf(code), "status " + code + "\n", keepAlive);
      } else if (path.equals("/redirect")) {
        int n = intParam(q, "n", 1);
        if (n <= 0) {
          sendText(ctx, HttpResponseStatus.OK, "redirects done\n", keepAlive);
        } else {
          redirect(ctx, "/redirect?n=" + (n - 1), keepAlive);
        }
      } else if (path.equals("/loop")) {
        redirect(ctx, "/loop", keepAlive);
      } else if (path.equals("/stall")) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpUtil.setContentLength(r, 1000);
        ctx.writeAndFlush(r); // and then nothing, until the client gives up
      } else if (path.equals("/reset")) {
        reset(ctx, intParam(q, "size", 10_000));
      } else {
        sendText(ctx, HttpResponseStatus.NOT_FOUND, "no such page: " + path + "\n", keepAlive);
      }
    } catch (IllegalArgumentException e) {
      sendText(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage() + "\n", keepAlive);
    }
  }

  private void page(ChannelHandlerContext ctx, QueryStringDecoder q, boolean keepAlive) {
    int ms = intParam(q, "ms", 0);
    int size = intParam(q, "size", 1024);
    int fail = intParam(q, "fail", 0);
    int after = intParam(q, "after", 1);
    if (size > MAX_SIZE) {
      throw new IllegalArgumentException("size must be at most " + MAX_SIZE);
    }
    Runnable answer =
        () -> {
          if (fail > 0 && ThreadLocalRandom.current().nextInt(1000) < fail) {
            unavailable(ctx, after, keepAlive);
          } else {
            sendBody(ctx, size, keepAlive);
          }
        };
    if (ms > 0) {
      ctx.executor().schedule(answer, ms, TimeUnit.MILLISECONDS);
    } else {
      answer.run();
    }
  }

  private void flaky(ChannelHandlerContext ctx, QueryStringDecoder q, boolean keepAlive) {
    int n = intParam(q, "n", 1);
    int after = intParam(q, "after", 0);
    int seen =
        counters
            .flaky
            .computeIfAbsent(q.path(), p -> new java.util.concurrent.atomic.AtomicInteger())
            .getAndIncrement();
    if (seen < n) {
      unavailable(ctx, after, keepAlive);
    } else {
      sendText(ctx, HttpResponseStatus.OK, "ok after " + n + " failures\n", keepAlive);
    }
  }

  private void unavailable(ChannelHandlerContext ctx, int afterSeconds, boolean keepAlive) {
    FullHttpResponse r = text(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy, try again later\n");
    r.headers().set(HttpHeaderNames.RETRY_AFTER, afterSeconds);
    send(ctx, r, keepAlive);
  }

  private void redirect(ChannelHandlerContext ctx, String location, boolean keepAlive) {
    FullHttpResponse r = text(HttpResponseStatus.FOUND, "see " + location + "\n");
    r.headers().set(HttpHeaderNames.LOCATION, location);
    send(ctx, r, keepAlive);
  }

  private void sendBody(ChannelHandlerContext ctx, int size, boolean keepAlive) {
    if (!ctx.channel().isActive()) {
      endRequest();
      return;
    }
    if (size <= FILLER.capacity()) {
      FullHttpResponse r =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.OK, FILLER.retainedSlice(0, size));
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
      send(ctx, r, keepAlive);
      return;
    }
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    HttpUtil.setContentLength(head, size);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
    setKeepAlive(head, keepAlive);
    ctx.write(head);
    int left = size;
    while (left > 0) {
      int n = Math.min(left, FILLER.capacity());
      ctx.write(new DefaultHttpContent(FILLER.retainedSlice(0, n)));
      left -= n;
    }
    finish(ctx, ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
  }

  private void reset(ChannelHandlerContext ctx, int size) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    HttpUtil.setContentLength(head, size);
    ctx.write(head);
    ctx.writeAndFlush(new DefaultHttpContent(FILLER.retainedSlice(0, Math.min(size / 2, 1000))))
        .addListener(
            f -> {
              // linger 0 turns the close into a TCP reset: the client sees "connection reset"
              ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
              ctx.close();
            });
  }

  private void sendText(
      ChannelHandlerContext ctx, HttpResponseStatus status, String body, boolean keepAlive) {
    send(ctx, text(status, body), keepAlive);
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body) {
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return r;
  }

  private void send(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
    HttpUtil.setContentLength(r, r.content().readableBytes());
    setKeepAlive(r, keepAlive);
    finish(ctx, ctx.writeAndFlush(r), keepAlive);
  }

  private static void setKeepAlive(HttpResponse r, boolean keepAlive) {
    if (!keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
  }

  private void finish(
      ChannelHandlerContext ctx, io.netty.channel.ChannelFuture written, boolean keepAlive) {
    endRequest();
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void endRequest() {
    if (inRequest) {
      inRequest = false;
      active.down();
    }
  }

  private static int intParam(QueryStringDecoder q, String name, int fallback) {
    List<String> values = q.parameters().get(name);
    if (values == null || values.isEmpty()) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(values.get(0));
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "parameter " + name + " must be a whole number >= 0, got '" + values.get(0) + "'");
    }
  }

  private static String clientAddress(ChannelHandlerContext ctx) {
    if (ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
      return a.getAddress().getHostAddress();
    }
    return String.valueOf(ctx.channel().remoteAddress());
  }

  private static ByteBuf filler(int size) {
    byte[] pattern =
        "fanout slow site: the quick brown fox jumps over the lazy dog\n"
            .getBytes(StandardCharsets.US_ASCII);
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = pattern[i % pattern.length];
    }
    return Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeBytes(bytes).asReadOnly());
  }
}
