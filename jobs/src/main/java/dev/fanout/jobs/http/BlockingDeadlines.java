package dev.fanout.jobs.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

/**
 * The {@code --timeout} deadlines of one {@link BlockingHttpClient}'s requests in flight: one timer
 * for all of them instead of one each, and the list of what is in flight for {@link #cancelAll}.
 * Every request of a client has the same timeout, so the order requests start in is the order their
 * deadlines fall in: a queue gives the next deadline in constant time, and a request that ends
 * leaves it in constant time. A single check, run by {@code timer} at the first deadline, aborts
 * every exchange whose deadline passed and schedules itself for the next one; a deadline is never
 * missed or moved.
 *
 * <p>Thread-safe: every thread of a run starts and stops its requests here, under one short lock.
 */
final class BlockingDeadlines {
  /** One request in flight: its exchange (the current hop's) and its deadline. */
  static final class Exchange {
    private final long deadline;
    private volatile HttpUriRequestBase hop;
    private volatile boolean timedOut;
    private Exchange older;
    private Exchange newer;
    private boolean queued;

    private Exchange(long deadline) {
      this.deadline = deadline;
    }

    /** The hop being made now: the one a timeout or a close aborts. */
    void hop(HttpUriRequestBase get) {
      hop = get;
      if (timedOut) {
        get.cancel();
      }
    }

    /** Nanoseconds left before the deadline (negative once passed). */
    long left() {
      return deadline - System.nanoTime();
    }

    /** Whether the deadline passed and the exchange was aborted for it. */
    boolean timedOut() {
      return timedOut;
    }

    /** Aborts the hop being made now. */
    void abort() {
      HttpUriRequestBase h = hop;
      if (h != null) {
        h.cancel();
      }
    }
  }

  private final ScheduledExecutorService timer;
  private final long timeoutNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private Exchange oldest;
  private Exchange newest;
  private boolean checkScheduled;

  BlockingDeadlines(ScheduledExecutorService timer, long timeoutMs) {
    this.timer = timer;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
  }

  /** Starts a request's clock; {@link #stop} it when the request ends, however it ends. */
  Exchange start() {
    Exchange e = new Exchange(System.nanoTime() + timeoutNanos);
    lock.lock();
    try {
      e.older = newest;
      if (newest == null) {
        oldest = e;
      } else {
        newest.newer = e;
      }
      newest = e;
      e.queued = true;
      if (!checkScheduled) {
        schedule(e.deadline);
      }
    } finally {
      lock.unlock();
    }
    return e;
  }

  /** Stops {@code e}'s clock; idempotent. */
  void stop(Exchange e) {
    lock.lock();
    try {
      unlink(e);
    } finally {
      lock.unlock();
    }
  }

  /** Aborts every request in flight (the client is closing): each fails at once. */
  void cancelAll() {
    List<Exchange> all = new ArrayList<>();
    lock.lock();
    try {
      for (Exchange e = oldest; e != null; e = e.newer) {
        all.add(e);
      }
    } finally {
      lock.unlock();
    }
    all.forEach(Exchange::abort);
  }

  private void unlink(Exchange e) {
    if (!e.queued) {
      return;
    }
    e.queued = false;
    if (e.older == null) {
      oldest = e.newer;
    } else {
      e.older.newer = e.newer;
    }
    if (e.newer == null) {
      newest = e.older;
    } else {
      e.newer.older = e.older;
    }
    e.older = null;
    e.newer = null;
  }

  private void schedule(long deadline) {
    checkScheduled = true;
    timer.schedule(this::check, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private void check() {
    List<Exchange> expired = new ArrayList<>();
    lock.lock();
    try {
      checkScheduled = false;
      long now = System.nanoTime();
      Exchange e;
      while ((e = oldest) != null && e.deadline - now <= 0) {
        unlink(e);
        e.timedOut = true;
        expired.add(e);
      }
      if (oldest != null) {
        schedule(oldest.deadline);
      }
    } finally {
      lock.unlock();
    }
    expired.forEach(Exchange::abort); // outside the lock: aborting closes a socket
  }
}
