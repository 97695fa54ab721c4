package dev.fanout.jobs.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * A small HTTP/1.1 origin server on loopback for the client tests, on Netty's server codec: plain
 * or TLS with a test certificate. It records every request it receives.
 *
 * <p>Routes: {@code /hello} ("hello"), {@code /gzip?size=N} (N bytes of 'a' gzip-encoded when the
 * client accepts gzip), {@code /br?size=N} (N bytes of 'b', brotli-encoded when accepted), {@code
 * /redirect?to=URL} (302), anything else echoes the request's URI.
 */
final class OriginServer implements AutoCloseable {
  /** One request as received. */
  record Seen(String uri, Map<String, String> headers) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel channel;
  final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
  private final boolean tls;

  /** A server; {@code certName} is "localhost" or "other" for TLS, null for plain HTTP. */
  OriginServer(String certName) throws Exception {
    this(certName, false);
  }

  /**
   * A server; with {@code h2} (and TLS) it offers HTTP/2 by ALPN, on Netty's HTTP/2 codec, and
   * HTTP/1.1 to clients that do not ask for it.
   */
  OriginServer(String certName, boolean h2) throws Exception {
    SslContextBuilder sb =
        certName == null
            ? null
            : SslContextBuilder.forServer(
                resource("tls/" + certName + ".pem"), resource("tls/" + certName + ".key"));
    if (h2) {
      sb.applicationProtocolConfig(
          new io.netty.handler.ssl.ApplicationProtocolConfig(
              io.netty.handler.ssl.ApplicationProtocolConfig.Protocol.ALPN,
              io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              "h2",
              "http/1.1"));
    }
    SslContext ssl = sb == null ? null : sb.build();
    this.tls = ssl != null;
    channel =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (ssl != null) {
                      ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                    }
                    if (!h2) {
                      http1(ch);
                      return;
                    }
                    ch.pipeline()
                        .addLast(
                            new io.netty.handler.ssl.ApplicationProtocolNegotiationHandler(
                                "http/1.1") {
                              @Override
                              protected void configurePipeline(
                                  ChannelHandlerContext ctx, String protocol) {
                                if (!protocol.equals("h2")) {
                                  http1(ctx.channel());
                                  return;
                                }
                                ctx.pipeline()
                                    .addLast(
                                        io.netty.handler.codec.http2.Http2FrameCodecBuilder
                                            .forServer()
                                            .build(),
                                        new io.netty.handler.codec.http2.Http2MultiplexHandler(
                                            new ChannelInitializer<Channel>() {
                                              @Override
                                              protected void initChannel(Channel stream) {
                                                stream
                                                    .pipeline()
                                                    .addLast(
                                                        new io.netty.handler.codec.http2
                                                            .Http2StreamFrameToHttpObjectCodec(
                                                            true),
                                                        new HttpObjectAggregator(1 << 20),
                                                        new Handler());
                                              }
                                            }));
                              }
                            });
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  private void http1(Channel ch) {
    ch.pipeline()
        .addLast(new HttpServerCodec())
        .addLast(new HttpObjectAggregator(1 << 20))
        .addLast(new Handler());
  }

  static InputStream resource(String name) {
    InputStream in = OriginServer.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    return in;
  }

  static String text(String name) {
    try (InputStream in = resource(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** {@code http(s)://host:port} + path. */
  String url(String host, String path) {
    return (tls ? "https://" : "http://") + host + ":" + port() + path;
  }

  String url(String path) {
    return url("127.0.0.1", path);
  }

  Seen last() {
    Seen last = null;
    for (Seen s : seen) {
      last = s;
    }
    return last;
  }

  private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
      Map<String, String> headers =
          req.headers().entries().stream()
              .collect(
                  Collectors.toMap(
                      e -> e.getKey().toLowerCase(java.util.Locale.ROOT),
                      Map.Entry::getValue,
                      (a, b) -> a + ", " + b));
      seen.add(new Seen(req.uri(), headers));
      QueryStringDecoder q = new QueryStringDecoder(req.uri());
      FullHttpResponse r;
      switch (q.path()) {
        case "/hello" -> r = ok("hello".getBytes(StandardCharsets.US_ASCII));
        case "/redirect" -> {
          r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FOUND);
          r.headers().set(HttpHeaderNames.LOCATION, q.parameters().get("to").get(0));
        }
        case "/gzip" -> {
          int size = Integer.parseInt(q.parameters().get("size").get(0));
          byte[] body = "a".repeat(size).getBytes(StandardCharsets.US_ASCII);
          String accepts = req.headers().get(HttpHeaderNames.ACCEPT_ENCODING, "");
          if (accepts.contains("gzip")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
              gz.write(body);
            }
            r = ok(out.toByteArray());
            r.headers().set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
          } else {
            r = ok(body);
          }
        }
        case "/br" -> {
          int size = Integer.parseInt(q.parameters().get("size").get(0));
          byte[] body = "b".repeat(size).getBytes(StandardCharsets.US_ASCII);
          String accepts = req.headers().get(HttpHeaderNames.ACCEPT_ENCODING, "");
          if (accepts.contains("br")) {
            com.aayushatharva.brotli4j.Brotli4jLoader.ensureAvailability();
            r = ok(com.aayushatharva.brotli4j.encoder.Encoder.compress(body));
            r.headers().set(HttpHeaderNames.CONTENT_ENCODING, "br");
          } else {
            r = ok(body);
          }
        }
        case "/tls-end" -> { // HTTP/1.0, no length: the body ends with TLS, the socket stays
          FullHttpResponse old =
              new DefaultFullHttpResponse(
                  HttpVersion.HTTP_1_0,
                  HttpResponseStatus.OK,
                  Unpooled.wrappedBuffer(
                      "ended by close_notify".getBytes(StandardCharsets.US_ASCII)));
          ctx.writeAndFlush(old)
              .addListener(
                  f -> ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class).closeOutbound());
          return;
        }
        default -> r = ok(req.uri().getBytes(StandardCharsets.UTF_8));
      }
      r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    private static FullHttpResponse ok(byte[] body) {
      return new DefaultFullHttpResponse(
          HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
    }
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
  }
}
