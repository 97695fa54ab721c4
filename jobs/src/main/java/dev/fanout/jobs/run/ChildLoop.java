package dev.fanout.jobs.run;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.ByteBuffer;

/**
 * The one event-loop thread that starts every child of {@code run} on {@code async}, reads every
 * pipe without blocking and hears of every exit: a Netty epoll loop, because the JDK offers no
 * selectable channel over a child's pipes (its {@code Process} streams only block, and a NIO {@code
 * Pipe} cannot be handed to a child), while Netty's epoll transport registers any file descriptor.
 * One per JVM, started on first use, a daemon.
 *
 * <p>Thread-safe; {@link #buffer} is for the loop thread only.
 */
final class ChildLoop {
  private static ChildLoop shared;

  final IoEventLoop loop;

  /** The read buffer every pipe shares: only the loop thread reads. */
  final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

  private ChildLoop() {
    IoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("fanout-run-loop", true), EpollIoHandler.newFactory());
    this.loop = group.next();
  }

  /**
   * The loop of this JVM.
   *
   * @throws IllegalStateException when epoll is not available here (not Linux, or no native
   *     library), saying what to use instead
   */
  static synchronized ChildLoop shared() {
    if (shared == null) {
      if (!Epoll.isAvailable()) {
        throw new IllegalStateException(
            "run on async needs Linux's epoll through Netty's native transport, which is not"
                + " available here ("
                + Epoll.unavailabilityCause()
                + "); use --model virtual");
      }
      shared = new ChildLoop();
    }
    return shared;
  }

  /** Whether the loop can run here. */
  static boolean available() {
    return Epoll.isAvailable();
  }

  boolean inLoop() {
    return loop.inEventLoop();
  }
}
