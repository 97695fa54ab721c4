package dev.fanout.jobs.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
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
 * run's one loop thread); connections are kept alive and reused. The protocol is Netty's: {@link
 * HttpClientCodec} (bounded header block), {@link SslHandler} with HTTPS endpoint identification,
 * {@link HttpProxyHandler} for CONNECT tunnels, {@link HttpContentDecompressor}. Built from the
 * same {@link HttpSettings} as {@link BlockingHttpClient}.
 *
 * <p>Thread-safe: {@link #get} may be called from any thread, and hops onto the loop; the pool is
 * touched only on the loop thread.
 */
public final class NettyHttpClient implements AutoCloseable {
  private static final int MAX_IDLE_PER_HOST = 4096;

  /** The longest status line, and the largest header block, accepted. */
  static final int MAX_INITIAL_LINE = 8192;

  static final int MAX_HEADER_BLOCK = 64 * 1024;

  private final EventLoop loop;
  private final EventLoopGroup ownGroup;
  private final HttpSettings settings;
  private final RequestHeaders.Cached headers;
  private final LoopDeadlines deadlines;
  private final boolean epoll;
  private DnsAddressResolverGroup resolver; // created on the first host name: loop thread only
  private final Map<String, ArrayDeque<Channel>> idle = new HashMap<>();
  private final Map<String, Channel> h2 = new HashMap<>(); // one multiplexed connection per key
  private final Map<String, Bootstrap> bootstraps = new HashMap<>();
  private java.util.concurrent.CompletableFuture<SslContext> tls; // loop thread only
  private volatile boolean closed;

  /** A client for {@code settings} whose sockets all live on {@code loop}. */
  public NettyHttpClient(EventLoop loop, HttpSettings settings) {
    this(loop, null, settings);
  }

  private NettyHttpClient(EventLoop loop, EventLoopGroup ownGroup, HttpSettings settings) {
    this.loop = loop;
    this.ownGroup = ownGroup;
    this.settings = settings;
    this.headers = new RequestHeaders.Cached(settings);
    this.deadlines = new LoopDeadlines(loop, settings.timeoutMs());
    // epoll (Netty's native transport; async's loop on Linux) or NIO: the channels it takes
    this.epoll = loop instanceof IoEventLoop l && l.isCompatible(EpollIoHandle.class);
  }

  /** A client for {@code settings} with an event-loop thread of its own, closed with it. */
  public static NettyHttpClient standalone(HttpSettings settings) {
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1,
            new DefaultThreadFactory("fanout-http", true),
            Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    return new NettyHttpClient((EventLoop) group.next(), group, settings);
  }

  /** A TCP channel of the kind a loop polling with epoll, or else with NIO, takes. */
  static Channel newSocketChannel(boolean epoll) {
    return epoll ? new EpollSocketChannel() : new NioSocketChannel();
  }

  /** The settings this client was built from. */
  public HttpSettings settings() {
    return settings;
  }

  /** The loop every socket of this client lives on. */
  public EventLoop loop() {
    return loop;
  }

  /** {@link #get(HttpRequest, BodySink)} of a plain GET. */
  public CompletableFuture<HttpResult> get(String url, BodySink sink) {
    return get(HttpRequest.get(url), sink);
  }

  /**
   * GETs {@code request.url()}, following redirects; the final 2xx head and body go to {@code
   * sink}, called on the loop thread. The future fails with an {@link HttpException} naming the
   * URL; cancelling it closes the request's connection.
   */
  public CompletableFuture<HttpResult> get(HttpRequest request, BodySink sink) {
    CompletableFuture<HttpResult> future = new CompletableFuture<>();
    if (closed) {
      future.completeExceptionally(new IllegalStateException("this HTTP client is closed"));
      return future;
    }
    NettyRequest r = new NettyRequest(this, request, settings, sink, future);
    if (loop.inEventLoop()) {
      r.start();
    } else {
      loop.execute(r::start);
    }
    return future;
  }

  // ---- for NettyRequest, on the loop thread ----

  /** The {@code --timeout} clock of every request. */
  LoopDeadlines deadlines() {
    return deadlines;
  }

  /** The request headers of each hop, the common one worked out once. */
  RequestHeaders.Cached headers() {
    return headers;
  }

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

  /** The open HTTP/2 connection for {@code key}, or null. */
  Channel h2Connection(String key) {
    Channel ch = h2.get(key);
    if (ch != null && !ch.isActive()) {
      h2.remove(key);
      return null;
    }
    return ch;
  }

  /**
   * ALPN chose HTTP/2 on {@code ch}: its pipeline becomes Netty's HTTP/2 frame codec and stream
   * multiplexer, and later requests for {@code key} open streams on it.
   */
  void becomeH2(String key, Channel ch) {
    io.netty.channel.ChannelPipeline p = ch.pipeline();
    p.remove(HttpClientCodec.class);
    if (p.get(HttpContentDecompressor.class) != null) {
      p.remove(HttpContentDecompressor.class);
    }
    p.remove(NettyRequest.HANDLER);
    p.addLast(
        io.netty.handler.codec.http2.Http2FrameCodecBuilder.forClient()
            .initialSettings(
                io.netty.handler.codec.http2.Http2Settings.defaultSettings()
                    .maxHeaderListSize(MAX_HEADER_BLOCK))
            .encoderEnforceMaxConcurrentStreams(true) // queue streams over the server's limit
            .build(),
        new io.netty.handler.codec.http2.Http2MultiplexHandler(
            new io.netty.channel.ChannelInboundHandlerAdapter()));
    if (!closed) {
      h2.putIfAbsent(key, ch);
    }
  }

  /** Opens a stream on an HTTP/2 connection, its pipeline ending in the request's handler. */
  io.netty.util.concurrent.Future<io.netty.handler.codec.http2.Http2StreamChannel> openStream(
      Channel connection) {
    return new io.netty.handler.codec.http2.Http2StreamChannelBootstrap(connection)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(
                        new io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec(false));
                if (settings.compressed()) {
                  ch.pipeline().addLast(new HttpContentDecompressor(false, 0));
                }
                ch.pipeline().addLast(NettyRequest.HANDLER, new NettyResponseHandler());
              }
            })
        .open();
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

  /**
   * Connects for {@code target}: directly, through {@code proxy} in absolute form (http), or
   * through a CONNECT tunnel (https). The pool key of such a connection is {@link #poolKey}.
   */
  ChannelFuture connect(HttpTarget target, Proxies.Proxy proxy) throws SSLException {
    int connectMs = (int) Math.min(Integer.MAX_VALUE, settings.connectTimeoutMs());
    String key = poolKey(target, proxy);
    Bootstrap b = bootstraps.get(key);
    boolean tunnel = proxy != null && target.https();
    String host = proxy != null && !tunnel ? proxy.host() : target.host();
    int port = proxy != null && !tunnel ? proxy.port() : target.port();
    boolean literal = NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
    if (b == null) {
      SslContext ssl = target.https() ? tlsContext() : null;
      java.net.SocketAddress proxyAddress =
          tunnel ? new InetSocketAddress(proxy.host(), proxy.port()) : null;
      b =
          new Bootstrap()
              .group(loop)
              // a constructor reference: Netty's default finds the constructor by reflection
              .channelFactory(
                  (io.netty.channel.ChannelFactory<Channel>) () -> newSocketChannel(epoll))
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMs)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      if (tunnel) {
                        HttpProxyHandler p =
                            proxy.credentials() == null
                                ? new HttpProxyHandler(proxyAddress)
                                : new HttpProxyHandler(
                                    proxyAddress,
                                    user(proxy.credentials()),
                                    password(proxy.credentials()));
                        p.setConnectTimeoutMillis(connectMs);
                        ch.pipeline().addLast(p);
                      }
                      if (ssl != null) {
                        ch.pipeline()
                            .addLast(ssl.newHandler(ch.alloc(), target.host(), target.port()));
                      }
                      ch.pipeline()
                          .addLast(
                              new HttpClientCodec(MAX_INITIAL_LINE, MAX_HEADER_BLOCK, 8192, true));
                      if (settings.compressed()) {
                        ch.pipeline().addLast(new HttpContentDecompressor(false, 0));
                      }
                      ch.pipeline().addLast(NettyRequest.HANDLER, new NettyResponseHandler());
                    }
                  });
      if (tunnel) {
        b.resolver(io.netty.resolver.NoopAddressResolverGroup.INSTANCE); // the proxy resolves
      } else if (!literal) {
        b.resolver(dns());
      }
      bootstraps.put(key, b);
    }
    if (tunnel) {
      return b.connect(InetSocketAddress.createUnresolved(host, port));
    }
    if (literal) { // an address needs no resolver: skip creating one (and its start-up cost)
      return b.connect(
          new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(host), port));
    }
    return b.connect(host, port);
  }

  /** Connections are pooled by where they lead and the way they get there. */
  static String poolKey(HttpTarget target, Proxies.Proxy proxy) {
    return proxy == null
        ? target.poolKey()
        : target.poolKey() + " via " + proxy.host() + ":" + proxy.port();
  }

  private static String user(String credentials) {
    int colon = credentials.indexOf(':');
    return decode(colon < 0 ? credentials : credentials.substring(0, colon));
  }

  private static String password(String credentials) {
    int colon = credentials.indexOf(':');
    return colon < 0 ? "" : decode(credentials.substring(colon + 1));
  }

  private static String decode(String s) {
    return java.net.URLDecoder.decode(
        s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The non-blocking DNS resolver on this client's loop, made on first need. */
  private DnsAddressResolverGroup dns() {
    if (resolver == null) {
      resolver =
          new DnsAddressResolverGroup(
              new DnsNameResolverBuilder(loop)
                  .datagramChannelType(
                      epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
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

  /**
   * Whether the TLS context is built: loading the trust store takes hundreds of milliseconds, too
   * long to hold the event loop, so {@link #prepareTls} builds it on a short-lived thread of its
   * own. Loop thread only.
   */
  boolean tlsReady() {
    return tls != null && tls.isDone();
  }

  /** Starts building the TLS context, if not begun; the future completes off the loop. */
  CompletableFuture<SslContext> prepareTls() {
    if (tls == null) {
      tls =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return Tls.nettyContext(settings);
                } catch (SSLException e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              },
              r -> Thread.ofPlatform().daemon().name("fanout-tls-setup").start(r));
    }
    return tls;
  }

  /** The built TLS context; only after {@link #tlsReady}. */
  private SslContext tlsContext() throws SSLException {
    try {
      return tls.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof SSLException s
          ? s
          : new SSLException("cannot set up TLS: " + e.getCause(), e.getCause());
    }
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
          h2.values().forEach(Channel::close);
          h2.clear();
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
