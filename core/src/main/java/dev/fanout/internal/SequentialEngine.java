package dev.fanout.internal;

import dev.fanout.Options;
import dev.fanout.spi.Engine;
import dev.fanout.spi.Events;
import dev.fanout.spi.ResourceSlot;
import dev.fanout.spi.Scheduler;
import dev.fanout.spi.TaskRun;

/** {@code sequential}: every attempt runs inline, on the thread that consumes the outcomes. */
final class SequentialEngine implements Engine {
  private final Options options;
  private final ResourceSlot slot;

  SequentialEngine(Options options, Events events) {
    this.options = options;
    this.slot = new ResourceSlot(options.resource(), events);
  }

  @Override
  public int window() {
    return 1;
  }

  @Override
  public void launch(TaskRun run) {
    run.cancelHandle(Thread.currentThread());
    BlockingAttempt.run(run, "main", slot, Scheduler.shared(), options.clock());
    if (run.cancelHandle() == CANCELLED) {
      Thread.interrupted(); // our own interrupt, not the caller's: do not leak it
    }
    run.cancelHandle(null);
  }

  private static final Object CANCELLED = new Object();

  @Override
  public void cancel(TaskRun run) {
    if (run.cancelHandle() instanceof Thread t) {
      run.cancelHandle(CANCELLED);
      t.interrupt();
    }
  }

  @Override
  public void close() {
    slot.close();
  }
}
