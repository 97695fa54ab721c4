package dev.fanout.jobs.http;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * The {@code --timeout} deadlines of one {@link NettyHttpClient}'s requests, on its loop: one timer
 * for all of them instead of one each. Every request of a client has the same timeout, so the order
 * requests start in is the order their deadlines fall in: a queue (a linked list threaded through
 * the requests) gives the next deadline in constant time, and a request that ends leaves it in
 * constant time. A single scheduled check runs at the first deadline, fails every request whose
 * deadline passed, and schedules itself for the next one; a deadline is never missed or moved.
 *
 * <p>Loop thread only, so it needs no locks.
 */
final class LoopDeadlines {
  private final EventLoop loop;
  private final long timeoutNanos;
  private NettyRequest oldest;
  private NettyRequest newest;
  private boolean checkScheduled;

  LoopDeadlines(EventLoop loop, long timeoutMs) {
    this.loop = loop;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
  }

  /** Starts {@code r}'s clock: it fails with a timeout unless {@link #stop} comes first. */
  void start(NettyRequest r) {
    r.deadline = System.nanoTime() + timeoutNanos;
    r.older = newest;
    r.newer = null;
    if (newest == null) {
      oldest = r;
    } else {
      newest.newer = r;
    }
    newest = r;
    r.timed = true;
    if (!checkScheduled) {
      schedule(r.deadline);
    }
  }

  /** Stops {@code r}'s clock; idempotent. */
  void stop(NettyRequest r) {
    if (!r.timed) {
      return;
    }
    r.timed = false;
    if (r.older == null) {
      oldest = r.newer;
    } else {
      r.older.newer = r.newer;
    }
    if (r.newer == null) {
      newest = r.older;
    } else {
      r.newer.older = r.older;
    }
    r.older = null;
    r.newer = null;
  }

  private void schedule(long deadline) {
    checkScheduled = true;
    loop.schedule(this::check, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private void check() {
    checkScheduled = false;
    long now = System.nanoTime();
    NettyRequest r;
    while ((r = oldest) != null && r.deadline - now <= 0) {
      stop(r);
      r.timedOut();
    }
    if (oldest != null && !checkScheduled) {
      schedule(oldest.deadline);
    }
  }
}
