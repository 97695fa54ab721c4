package dev.fanout.internal;

import dev.fanout.Options;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code threads}: a fixed pool of platform threads, each a worker with its own resource (the
 * seed's {@code threading.local()} session).
 */
final class ThreadsEngine implements Engine {
  private final Options options;
  private final Events events;
  private final int size;
  private final ExecutorService pool;
  private final List<ResourceSlot> slots = new CopyOnWriteArrayList<>();

  ThreadsEngine(Options options, Events events) {
    this.options = options;
    this.events = events;
    this.size = Math.min(options.workers(), options.concurrency());
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            size, r -> new WorkerThread(r, "thread-" + n.incrementAndGet()));
  }

  private final class WorkerThread extends Thread {
    final String workerId;
    final ResourceSlot slot;

    WorkerThread(Runnable r, String workerId) {
      super(r, "fanout-" + workerId);
      this.workerId = workerId;
      this.slot = new ResourceSlot(options.resource(), events);
      slots.add(slot);
      setDaemon(true);
    }
  }

  @Override
  public int window() {
    // running is bounded by the pool; a short queue keeps every thread busy between tasks
    return size * 2;
  }

  @Override
  public void launch(TaskRun run) {
    Future<?> f =
        pool.submit(
            () -> {
              WorkerThread t = (WorkerThread) Thread.currentThread();
              BlockingAttempt.run(run, t.workerId, t.slot, Scheduler.shared(), options.clock());
              Thread.interrupted(); // a cancel's interrupt must not leak into the next task
            });
    run.cancelHandle(f);
  }

  @Override
  public void cancel(TaskRun run) {
    if (run.cancelHandle() instanceof Future<?> f) {
      f.cancel(true);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    slots.forEach(ResourceSlot::close);
  }
}
