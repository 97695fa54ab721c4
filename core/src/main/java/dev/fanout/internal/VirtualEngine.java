package dev.fanout.internal;

import dev.fanout.Options;
import dev.fanout.spi.Engine;
import dev.fanout.spi.Events;
import dev.fanout.spi.ResourceSlot;
import dev.fanout.spi.Scheduler;
import dev.fanout.spi.TaskRun;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code virtual}: one virtual thread per attempt, the window bounding them; every task shares one
 * resource.
 */
final class VirtualEngine implements Engine {
  private final Options options;
  private final ResourceSlot slot;
  // threads started and not yet ended, which close() waits for. A count, not a set of the threads:
  // the dispatchers interrupt every attempt they launched when the fanout cancels them, before it
  // closes the engine, so a shared set here only cost each task two contended map updates (~4.5 %
  // of the JVM's CPU in TaskOverhead). Striped: the launcher adds, the carriers subtract, on
  // separate cells
  private final LongAdder running = new LongAdder();
  // threads of attempts the dispatcher gave up on (rare): close() interrupts them once more
  private final Set<Thread> abandoned = ConcurrentHashMap.newKeySet();
  private final AtomicLong names = new AtomicLong();
  private volatile boolean closed;

  VirtualEngine(Options options, Events events) {
    this.options = options;
    this.slot = new ResourceSlot(options.resource(), events);
  }

  @Override
  public int window() {
    return options.concurrency();
  }

  @Override
  public void launch(TaskRun run) {
    running.increment(); // before the check: close() either sees this thread or refuses it
    if (closed) {
      running.decrement();
      throw new IllegalStateException("the fanout is closed");
    }
    String id = "virtual-" + names.incrementAndGet();
    Thread t =
        Thread.ofVirtual()
            .name("fanout-" + id)
            .unstarted(
                () -> {
                  try {
                    BlockingAttempt.run(run, id, slot, Scheduler.shared(), options.clock());
                  } finally {
                    running.decrement();
                  }
                });
    run.cancelHandle(t);
    try {
      t.start();
    } catch (RuntimeException | Error e) {
      running.decrement(); // never started: its finally will not run
      throw e;
    }
  }

  @Override
  public void cancel(TaskRun run) {
    if (run.cancelHandle() instanceof Thread t) {
      t.interrupt();
    }
  }

  /** Remembers the thread of an attempt the dispatcher gave up on, for {@link #close}. */
  @Override
  public void abandoned(TaskRun run) {
    if (run.cancelHandle() instanceof Thread t) {
      abandoned.removeIf(a -> !a.isAlive()); // keeps the set as small as what still runs
      abandoned.add(t);
    }
  }

  /**
   * Refuses new attempts, waits up to 2 s for the running ones to end, then closes the resource.
   * The running attempts were interrupted before: the fanout cancels its batches, whose dispatchers
   * interrupt every attempt they launched, before it closes the engine (and once more when a batch
   * is still not done); the attempts they gave up on are interrupted here again.
   */
  @Override
  public void close() {
    closed = true;
    for (Thread t : abandoned) {
      t.interrupt(); // it ignored one interrupt already: a second may still end it
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (running.sum() > 0 && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    slot.close();
  }
}
