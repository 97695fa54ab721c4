package dev.fanout.jobs.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * A non-blocking HTTP/1.1 client on one Netty event loop: the seed's {@code aiohttp.ClientSession}.
 * Every socket, timer and DNS query of every request lives on that loop (on {@code async}, the
 * run's one loop thread); connections are kept alive and reused.
 *
 * <p>Thread-safe: {@link #get} may be called from any thread, and hops onto the loop; the pool is
 * touched only on the loop thread.
 */
public final class NettyHttpClient implements AutoCloseable {
  private static final int MAX_IDLE_PER_HOST = 4096;

  private final EventLoop loop;
  private final EventLoopGroup ownGroup;
  private DnsAddressResolverGroup resolver; // created on the first host name: loop thread only
  private final Map<String, ArrayDeque<Channel>> idle = new HashMap<>();
  private final Map<String, Bootstrap> bootstraps = new HashMap<>();
  private volatile SslContext tls;
  private volatile boolean closed;

  /** A client whose sockets all live on {@code loop}. */
  public NettyHttpClient(EventLoop loop) {
    this(loop, null);
  }

  private NettyHttpClient(EventLoop loop, EventLoopGroup ownGroup) {
    this.loop = loop;
    this.ownGroup = ownGroup;
  }

  /** A client with an event-loop thread of its own, closed with it. */
  public static NettyHttpClient standalone() {
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("fanout-http", true), NioIoHandler.newFactory());
    return new NettyHttpClient((EventLoop) group.next(), group);
  }

  /** The loop every socket of this client lives on. */
  public EventLoop loop() {
    return loop;
  }

  /**
   * GETs {@code url}, following redirects; the final 2xx body goes to {@code sink}, called on the
   * loop thread. The future fails with an {@link HttpException} naming the URL; cancelling it
   * closes the request's connection.
   */
  public CompletableFuture<HttpResult> get(String url, HttpLimits limits, BodySink sink) {
    CompletableFuture<HttpResult> future = new CompletableFuture<>();
    if (closed) {
      future.completeExceptionally(new IllegalStateException("this HTTP client is closed"));
      return future;
    }
    NettyRequest request = new NettyRequest(this, url, limits, sink, future);
    if (loop.inEventLoop()) {
      request.start();
    } else {
      loop.execute(request::start);
    }
    return future;
  }

  // ---- for NettyRequest, on the loop thread ----

  Channel idle(String key) {
    ArrayDeque<Channel> q = idle.get(key);
    if (q == null) {
      return null;
    }
    Channel ch;
    while ((ch = q.pollFirst()) != null) {
      if (ch.isActive()) {
        return ch;
      }
    }
    return null;
  }

  void release(String key, Channel ch) {
    if (closed || !ch.isActive()) {
      ch.close();
      return;
    }
    ArrayDeque<Channel> q = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
    if (q.size() >= MAX_IDLE_PER_HOST) {
      ch.close();
      return;
    }
    q.addFirst(ch);
  }

  ChannelFuture connect(HttpTarget target, HttpLimits limits) throws SSLException {
    int connectMs = (int) Math.min(Integer.MAX_VALUE, limits.connectTimeout().toMillis());
    String key = target.poolKey() + "/" + connectMs;
    Bootstrap b = bootstraps.get(key);
    boolean literal =
        NetUtil.isValidIpV4Address(target.host()) || NetUtil.isValidIpV6Address(target.host());
    if (b == null) {
      SslContext ssl = target.https() ? tls() : null;
      b =
          new Bootstrap()
              .group(loop)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMs)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      if (ssl != null) {
                        ch.pipeline()
                            .addLast(ssl.newHandler(ch.alloc(), target.host(), target.port()));
                      }
                      ch.pipeline()
                          .addLast(new HttpClientCodec())
                          .addLast(NettyRequest.HANDLER, new NettyRequest.Handler());
                    }
                  });
      if (!literal) {
        b.resolver(dns());
      }
      bootstraps.put(key, b);
    }
    if (literal) { // an address needs no resolver: skip creating one (and its start-up cost)
      return b.connect(
          new InetSocketAddress(
              NetUtil.createInetAddressFromIpAddressString(target.host()), target.port()));
    }
    return b.connect(target.host(), target.port());
  }

  /** The non-blocking DNS resolver on this client's loop, made on first need. */
  private DnsAddressResolverGroup dns() {
    if (resolver == null) {
      resolver =
          new DnsAddressResolverGroup(
              new DnsNameResolverBuilder(loop)
                  .datagramChannelType(NioDatagramChannel.class)
                  .queryTimeoutMillis(5_000));
    }
    return resolver;
  }

  /**
   * Loads and initializes the HTTP codec classes by running one request and response through an
   * in-memory channel, so the first real request does not hold the event loop while the JVM loads
   * classes. Idempotent; any thread.
   */
  public static void warmUp() {
    CodecWarmUp.run();
  }

  private SslContext tls() throws SSLException {
    SslContext c = tls;
    if (c == null) {
      c = SslContextBuilder.forClient().build();
      tls = c;
    }
    return c;
  }

  /** Closes idle connections, the resolver, and the loop when it is the client's own. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Runnable closeAll =
        () -> {
          idle.values().forEach(q -> q.forEach(Channel::close));
          idle.clear();
          if (resolver != null) {
            resolver.close();
          }
        };
    if (loop.inEventLoop()) {
      closeAll.run();
    } else {
      try {
        loop.submit(closeAll).awaitUninterruptibly(2, TimeUnit.SECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        closeAll.run(); // the loop is gone, and its channels with it
      }
    }
    if (ownGroup != null) {
      ownGroup
          .shutdownGracefully(0, 100, TimeUnit.MILLISECONDS)
          .awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }
}
