package dev.fanout.spi;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * One daemon timer thread for retry backoff and for non-async workers' {@code executor()}. An
 * engine schedules its own timers here (a kill after a grace, a reconnect) instead of starting
 * threads.
 */
public final class Scheduler {
  private static final ScheduledExecutorService SHARED = create();

  private Scheduler() {}

  private static ScheduledExecutorService create() {
    ScheduledThreadPoolExecutor s =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "fanout-timer");
              t.setDaemon(true);
              return t;
            });
    s.setRemoveOnCancelPolicy(true);
    return s;
  }

  /** The shared scheduler; never shut down (its thread is a daemon). */
  public static ScheduledExecutorService shared() {
    return SHARED;
  }
}
