package dev.fanout.internal.auto;

import dev.fanout.Options;
import dev.fanout.spi.AttemptWorker;
import dev.fanout.spi.Events;
import dev.fanout.spi.ResourceSlot;
import dev.fanout.spi.Scheduler;
import dev.fanout.spi.TaskRun;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs auto's first tasks, each on a platform thread of its own (virtual threads cannot report CPU
 * time), and measures them while they run.
 *
 * <p>Thread-safe.
 */
final class Sampler {
  /** Fewer looks at a thread's state than this tell too little. */
  static final int MIN_LOOKS = 5;

  private final Options options;
  private final Events events;
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final Runnable onSampleEnd;
  private volatile long firstStartNanos;

  /** {@code onSampleEnd} runs on a sample's thread after it is measured, before its outcome. */
  Sampler(Options options, Events events, Runnable onSampleEnd) {
    this.options = options;
    this.events = events;
    this.onSampleEnd = onSampleEnd;
  }

  /** One sampled task and the times it has used so far. */
  private static final class Sample {
    final TaskRun run;
    volatile Thread thread;
    volatile ThreadTimes times;
    volatile long start;
    volatile long cpu0;
    volatile long queued0;
    volatile Measurement last;
    volatile Measurement result; // set when the task ended
    volatile boolean skipped; // cancelled before it began: nothing to measure
    // how often a look at the thread found it asleep: load-proof, unlike CPU over wall time
    final java.util.concurrent.atomic.AtomicInteger looks =
        new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger asleep =
        new java.util.concurrent.atomic.AtomicInteger();

    double sleepShare() {
      int n = looks.get();
      return n < MIN_LOOKS ? -1 : (double) asleep.get() / n;
    }

    Sample(TaskRun run) {
      this.run = run;
    }
  }

  int started() {
    return samples.size();
  }

  /** Runs {@code run} on a new platform thread, the {@code n}-th sample. */
  void start(TaskRun run) {
    Sample s = new Sample(run);
    if (samples.isEmpty()) {
      firstStartNanos = System.nanoTime();
    }
    samples.add(s);
    String id = "sample-" + samples.size();
    Thread t = new Thread(() -> runSample(s, id), "fanout-" + id);
    t.setDaemon(true);
    s.thread = t;
    run.cancelHandle(t);
    t.start();
  }

  private void runSample(Sample s, String id) {
    ResourceSlot slot = new ResourceSlot(options.resource(), events);
    try {
      if (!s.run.begin(id, options.clock().nanoTime())) {
        s.skipped = true;
        return;
      }
      ThreadTimes times = ThreadTimes.current();
      s.queued0 = times.queuedNanos();
      s.cpu0 = Math.max(0, times.cpuNanos());
      s.start = System.nanoTime();
      s.times = times;
      AttemptWorker worker = new AttemptWorker(id, slot, Scheduler.shared());
      Object value = null;
      Throwable error = null;
      try {
        value = s.run.work().runBlocking(s.run.input(), worker);
      } catch (Throwable e) { // every failure becomes an outcome
        error = e;
      }
      long wall = System.nanoTime() - s.start;
      long cpu = Math.max(0, times.cpuNanos() - s.cpu0);
      long queued = Math.max(0, times.queuedNanos() - s.queued0);
      s.result = new Measurement(wall, cpu, Math.min(queued, wall), true, true, s.sleepShare());
      // decide before the outcome is out: a batch no longer than the sample still gets its line
      try {
        onSampleEnd.run();
      } finally { // whatever deciding does, the sample's outcome must reach the batch
        s.run.finish(id, options.clock().nanoTime(), cpu, worker.bytes(), value, error);
      }
    } finally {
      slot.close(); // the sample thread is a worker that ends here
    }
  }

  /** How long since the first sample started; 0 before. */
  long watchedNanos() {
    return samples.isEmpty() ? 0 : System.nanoTime() - firstStartNanos;
  }

  /** Every started sample measured up to now (one not yet running as all zeros). */
  List<Measurement> measure() {
    List<Measurement> out = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      if (s.skipped) {
        continue;
      }
      Measurement done = s.result;
      if (done != null) {
        out.add(done);
        continue;
      }
      ThreadTimes times = s.times;
      if (times == null) { // started but not yet running: it holds back an early decision
        out.add(new Measurement(0, 0, 0, false, false));
        continue;
      }
      long cpu = times.cpuNanos();
      if (cpu < 0) { // the thread just ended: use what it last showed, or its result next time
        if (s.last != null) {
          out.add(s.last);
        }
        continue;
      }
      long wall = System.nanoTime() - s.start;
      long queued = Math.min(wall, Math.max(0, times.queuedNanos() - s.queued0));
      boolean sleeping = times.sleeping();
      s.looks.incrementAndGet();
      if (sleeping) {
        s.asleep.incrementAndGet();
      }
      Measurement m =
          new Measurement(wall, Math.max(0, cpu - s.cpu0), queued, false, sleeping, s.sleepShare());
      s.last = m;
      out.add(m);
    }
    return out;
  }

  /** True when every started sample ended. */
  boolean allDone() {
    return samples.stream().allMatch(s -> s.result != null || s.skipped);
  }

  boolean owns(TaskRun run) {
    return samples.stream().anyMatch(s -> s.run == run);
  }

  void cancel(TaskRun run) {
    if (run.cancelHandle() instanceof Thread t) {
      t.interrupt();
    }
  }

  /** Interrupts the samples still running and waits a bounded time for them. */
  void close() {
    for (Sample s : samples) {
      if (s.result == null && s.thread != null) {
        s.thread.interrupt();
      }
    }
    long deadline = System.nanoTime() + 2_000_000_000L;
    for (Sample s : samples) {
      long left = deadline - System.nanoTime();
      if (s.thread != null && left > 0) {
        try {
          s.thread.join(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
