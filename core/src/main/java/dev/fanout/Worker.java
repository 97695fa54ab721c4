package dev.fanout;

import java.util.concurrent.ScheduledExecutorService;

/**
 * What a task sees of the worker running it: the seed's thread, process or event loop.
 *
 * <p>A {@code Worker} handed to a task is valid for that task's attempt only. Its methods may be
 * called from any thread.
 */
public interface Worker {
  /** A short, stable name: {@code main}, {@code thread-3}, {@code virtual-17}, {@code loop}. */
  String id();

  /**
   * The per-worker resource, opened by the run's {@link Resource} on first use and closed when the
   * run ends: one per worker thread, process or member; one shared by all tasks on {@code virtual}
   * and {@code async}.
   *
   * @throws IllegalStateException when the run has no resource, or its initializer failed
   */
  <S> S resource();

  /**
   * The executor a non-blocking task should continue on: the event loop on {@code async} (a Netty
   * {@code EventLoop}, so non-blocking clients can bind their channels to it), a shared scheduler
   * elsewhere.
   */
  ScheduledExecutorService executor();

  /** Adds to the bytes this task moved, reported in its finish event and in summaries. */
  void addBytes(long bytes);
}
