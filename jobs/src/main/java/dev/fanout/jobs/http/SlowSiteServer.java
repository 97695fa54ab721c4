package dev.fanout.jobs.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for slow web sites, so every demo, test and benchmark runs offline on loopback.
 * Netty on a few event-loop threads; delays are scheduled on the loop, never slept, so thousands of
 * connections wait at once for the price of a timer each.
 *
 * <p>Endpoints:
 *
 * <ul>
 *   <li>{@code /p/<id>?ms=<delay>&size=<bytes>&fail=<permille>&after=<seconds>}: {@code size} bytes
 *       after {@code ms} milliseconds; {@code fail} permille of requests answer 503 with {@code
 *       Retry-After: <after>} (default 1)
 *   <li>{@code /flaky/<id>?n=<count>&after=<seconds>}: the first {@code n} requests for this id
 *       answer 503 with Retry-After, the next ones 200 (a deterministic retry test)
 *   <li>{@code /status/<code>}: answers that status
 *   <li>{@code /redirect?n=<hops>}: a chain of {@code n} redirects ending in a 200
 *   <li>{@code /loop}: redirects to itself forever
 *   <li>{@code /stall}: headers, then silence
 *   <li>{@code /reset}: half the promised body, then a connection reset
 * </ul>
 *
 * <p>Thread-safe; its counters may be read while it serves.
 */
public final class SlowSiteServer implements AutoCloseable {
  /** Size of the seed's big pages. */
  public static final int BIG = 10 * 1024;

  /** Size of the seed's small pages. */
  public static final int SMALL = 300;

  /** The seed's delay per page, in milliseconds. */
  public static final int DELAY_MS = 100;

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel channel;
  private final String host;
  private final int port;
  private final Counters counters = new Counters();

  private SlowSiteServer(String host, int port, int threads) throws InterruptedException {
    this.boss =
        new MultiThreadIoEventLoopGroup(1, daemon("serve-accept"), NioIoHandler.newFactory());
    this.workers =
        new MultiThreadIoEventLoopGroup(threads, daemon("serve"), NioIoHandler.newFactory());
    try {
      ServerBootstrap b =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 8192)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(new HttpServerCodec())
                          .addLast(new SlowSiteHandler(counters));
                    }
                  });
      this.channel = b.bind(host, port).sync().channel();
    } catch (RuntimeException | InterruptedException e) {
      close(boss, workers);
      throw e;
    }
    this.host = host;
    this.port = ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /**
   * Starts a server on {@code host} ({@code 127.0.0.1} for loopback only) and {@code port} (0 for
   * any free port), with one event-loop thread per core.
   */
  public static SlowSiteServer start(String host, int port) {
    return start(host, port, Runtime.getRuntime().availableProcessors());
  }

  /** {@link #start(String, int)} with {@code threads} event-loop threads. */
  public static SlowSiteServer start(String host, int port, int threads) {
    try {
      return new SlowSiteServer(host, port, Math.max(1, threads));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding " + host + ":" + port, e);
    }
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /** The address it listens on. */
  public String host() {
    return host;
  }

  /** {@code http://host:port} followed by {@code path}. */
  public String url(String path) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port + path;
  }

  /**
   * The seed's workload: {@code n/2} pages of 10 KiB, then {@code n/2} of 300 bytes (one more small
   * one when {@code n} is odd), each answering after 100 ms.
   */
  public List<String> urls(int n) {
    return urls(this.host, this.port, n);
  }

  /** {@link #urls(int)} for a server at {@code host:port} (one already running elsewhere). */
  public static List<String> urls(String host, int port, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int size = i < n / 2 ? BIG : SMALL;
      out.add(pageUrl(host, port, i, DELAY_MS, size));
    }
    return out;
  }

  /** The URL of page {@code id} answering {@code size} bytes after {@code ms} milliseconds. */
  public static String pageUrl(String host, int port, int id, int ms, int size) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port + "/p/" + id + "?ms=" + ms + "&size=" + size;
  }

  /** Requests received since start (or {@link #resetCounters()}). */
  public long requests() {
    return counters.requests.get();
  }

  /** Connections accepted since start (or {@link #resetCounters()}). */
  public long connections() {
    return counters.accepted.get();
  }

  /**
   * The most requests that were in progress at once from one client address (such as {@code
   * 127.0.0.1}): what a per-host limit bounds.
   */
  public int peakActive(String clientAddress) {
    Peak p = counters.active.get(clientAddress);
    return p == null ? 0 : p.peak.get();
  }

  /** The most connections open at once from one client address. */
  public int peakConnections(String clientAddress) {
    Peak p = counters.open.get(clientAddress);
    return p == null ? 0 : p.peak.get();
  }

  /** Zeroes every counter (the open/active gauges keep counting what is still open). */
  public void resetCounters() {
    counters.requests.set(0);
    counters.accepted.set(0);
    counters.active.values().forEach(p -> p.peak.set(p.now.get()));
    counters.open.values().forEach(p -> p.peak.set(p.now.get()));
    counters.flaky.clear();
  }

  /** Stops listening, closes every connection and the event loops. Idempotent. */
  @Override
  public void close() {
    channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    close(boss, workers);
  }

  private static void close(EventLoopGroup... groups) {
    for (EventLoopGroup g : groups) {
      g.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
    }
    for (EventLoopGroup g : groups) {
      g.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }

  private static DefaultThreadFactory daemon(String name) {
    return new DefaultThreadFactory(name, true);
  }

  /** A gauge and its high-water mark. */
  static final class Peak {
    final AtomicInteger now = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();

    void up() {
      peak.accumulateAndGet(now.incrementAndGet(), Math::max);
    }

    void down() {
      now.decrementAndGet();
    }
  }

  /** What the server counts, shared by its handlers. */
  static final class Counters {
    final AtomicLong requests = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final Map<String, Peak> active = new ConcurrentHashMap<>();
    final Map<String, Peak> open = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> flaky = new ConcurrentHashMap<>();

    Peak active(String address) {
      return active.computeIfAbsent(address, a -> new Peak());
    }

    Peak open(String address) {
      return open.computeIfAbsent(address, a -> new Peak());
    }
  }
}
