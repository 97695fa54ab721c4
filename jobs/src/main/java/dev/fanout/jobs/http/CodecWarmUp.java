package dev.fanout.jobs.http;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

/**
 * See {@link NettyHttpClient#warmUp()}: loads the HTTP codec's classes by running it on an
 * in-memory channel, off the event loop, before a run starts.
 *
 * <p>Thread-safe; runs once per JVM.
 */
final class CodecWarmUp {
  private CodecWarmUp() {}

  private static volatile boolean warm;
  // Two exchanges load and initialize every class of a request and its response. More, to have
  // the JIT compile the codec before the run, cost more start-up CPU than they saved, even on the
  // article's 160 downloads (issue 18, docs/BENCHMARKS.md): the run's own responses warm it.
  private static final int WARM_UP_ROUNDS = 2;

  static synchronized void run() {
    if (warm) {
      return;
    }
    warm = true;
    io.netty.channel.embedded.EmbeddedChannel ch =
        new io.netty.channel.embedded.EmbeddedChannel(
            new io.netty.handler.codec.http.HttpClientCodec(), new NettyResponseHandler());
    byte[] response =
        ("HTTP/1.1 200 OK\r\nContent-Length: 300\r\nContent-Type: text/plain\r\n\r\n"
                + "x".repeat(300))
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 0; i < WARM_UP_ROUNDS; i++) {
      FullHttpRequest req =
          new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/p/" + i + "?ms=0");
      req.headers()
          .set(HttpHeaderNames.HOST, "warm-up")
          .set(HttpHeaderNames.USER_AGENT, "fanout/0.1")
          .set(HttpHeaderNames.ACCEPT, "*/*");
      ch.writeOutbound(req);
      ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(response));
      Object o;
      while ((o = ch.readOutbound()) != null) {
        ReferenceCountUtil.release(o);
      }
    }
    ch.finishAndReleaseAll();
    try {
      // the channel type async's loop takes (see AsyncEngine)
      NettyHttpClient.newSocketChannel(io.netty.channel.epoll.Epoll.isAvailable()).close();
    } catch (RuntimeException ignored) {
      // only loading classes
    }
  }
}
