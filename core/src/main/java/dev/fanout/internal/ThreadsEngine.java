package dev.fanout.internal;

import dev.fanout.Options;
import dev.fanout.spi.Engine;
import dev.fanout.spi.Events;
import dev.fanout.spi.ResourceSlot;
import dev.fanout.spi.Scheduler;
import dev.fanout.spi.TaskRun;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code threads}: a fixed pool of platform threads, each a worker with its own resource (the
 * seed's {@code threading.local()} session).
 */
final class ThreadsEngine implements Engine {
  private static final int WINDOW_PER_THREAD = 16;

  private final Options options;
  private final Events events;
  private final int size;
  private final ThreadPoolExecutor pool;
  private final List<ResourceSlot> slots = new CopyOnWriteArrayList<>();
  private final Queue<TaskRun> pending = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger draining = new AtomicInteger();

  ThreadsEngine(Options options, Events events) {
    this.options = options;
    this.events = events;
    this.size = Math.min(options.workers(), options.concurrency());
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            size,
            size,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> new WorkerThread(r, "thread-" + n.incrementAndGet()));
  }

  private final class WorkerThread extends Thread {
    final String workerId;
    final ResourceSlot slot;
    TaskRun abandonedRun; // guarded by the run's lock: the attempt the dispatcher gave up on

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
    // running is bounded by the pool; the queue ahead of it is what a drainer takes without waking
    // anyone, so a deeper one means fewer hand-offs per task (the dispatcher refills it in batches)
    return size * WINDOW_PER_THREAD;
  }

  @Override
  public void launch(TaskRun run) {
    pending.add(run);
    queued.incrementAndGet();
  }

  /**
   * Starts one more drainer per queued attempt, up to one per thread (the drainers already running
   * may each be busy with a long task). A drainer runs attempts until the queue is empty, so a
   * batch of short tasks costs a few thread wake-ups, not two per task (one to hand the task over,
   * one to hand it back), each a system call and often a context switch.
   */
  @Override
  public void flush() {
    int wanted = queued.get();
    for (int i = 0; i < wanted && tryStartDrainer(); i++) {
      try {
        pool.execute(this::drain);
      } catch (RejectedExecutionException e) { // closed: fail what waits, not the batch
        draining.decrementAndGet();
        TaskRun run;
        while ((run = pending.poll()) != null) {
          queued.decrementAndGet();
          run.finish("-", options.clock().nanoTime(), 0, 0, null, e);
        }
        return;
      }
    }
  }

  private boolean tryStartDrainer() {
    int n;
    do {
      n = draining.get();
      if (n >= size) {
        return false;
      }
    } while (!draining.compareAndSet(n, n + 1));
    return true;
  }

  private void drain() {
    WorkerThread t = (WorkerThread) Thread.currentThread();
    do {
      TaskRun run;
      while ((run = pending.poll()) != null) {
        queued.decrementAndGet();
        if (runOne(run, t)) { // a replacement took this drainer's place: leave
          shrinkPool();
          return;
        }
      }
      draining.decrementAndGet();
      // an attempt queued after the poll above, while every drainer was busy, must not be stranded
    } while (!pending.isEmpty() && tryStartDrainer());
  }

  /**
   * Runs one attempt; true when the dispatcher gave up on it meanwhile (see {@link #abandoned}).
   */
  private boolean runOne(TaskRun run, WorkerThread t) {
    if (pool.isShutdown()) { // closing: what is still queued is cancelled, not run
      run.finish(
          t.workerId,
          options.clock().nanoTime(),
          0,
          0,
          null,
          new CancellationException("cancelled: the fanout was closed"));
      return false;
    }
    run.cancelHandle(t);
    boolean abandoned;
    try {
      BlockingAttempt.run(run, t.workerId, t.slot, Scheduler.shared(), options.clock());
    } finally {
      // one lock per attempt: after it, cancel(run) no longer interrupts this thread and
      // abandoned(run) no longer takes it for a stuck one; what it decided before is read here
      synchronized (run) {
        run.cancelHandle(null);
        abandoned = t.abandonedRun == run;
        if (abandoned) {
          t.abandonedRun = null;
        }
      }
      Thread.interrupted(); // a cancel's interrupt must not leak into the next task
    }
    return abandoned;
  }

  @Override
  public void cancel(TaskRun run) {
    synchronized (run) {
      if (run.cancelHandle() instanceof Thread t) {
        t.interrupt();
      }
    }
  }

  /**
   * The thread still runs an attempt the dispatcher gave up on: a new thread takes its place (the
   * pool grows by one until the old one returns), so the run keeps its size.
   */
  @Override
  public void abandoned(TaskRun run) {
    synchronized (run) {
      if (!(run.cancelHandle() instanceof WorkerThread t)) {
        return; // it already returned
      }
      t.abandonedRun = run;
      synchronized (pool) {
        pool.setMaximumPoolSize(pool.getMaximumPoolSize() + 1);
        pool.setCorePoolSize(pool.getCorePoolSize() + 1);
      }
      draining.decrementAndGet();
    }
    flush();
  }

  private void shrinkPool() {
    synchronized (pool) {
      pool.setCorePoolSize(pool.getCorePoolSize() - 1);
      pool.setMaximumPoolSize(pool.getMaximumPoolSize() - 1);
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
