package dev.fanout.internal.auto;

import dev.fanout.Model;
import dev.fanout.Options;
import dev.fanout.internal.Engines;
import dev.fanout.spi.Engine;
import dev.fanout.spi.Events;
import dev.fanout.spi.TaskRun;
import dev.fanout.spi.Work;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code auto}: runs the first tasks of the run on platform threads of their own while it measures
 * their CPU time against their wall time, picks a model and size with the {@link Classifier}, logs
 * one line saying what and why, then runs the rest under the chosen engine. The sampled tasks are
 * real tasks of the batch; they finish on their sample threads while the rest runs.
 *
 * <p>The engine decides once, on the first batch it sees; later batches on the same fanout reuse
 * the choice. Thread-safe: launches come from dispatchers, decisions from the timer thread and
 * releases from whichever thread ends an attempt; one lock guards the queue.
 */
public final class AutoEngine implements Engine {
  private static final long POLL_NANOS = 1_000_000L;

  private final Options options;
  private final Events events;
  private final Sampler sampler;
  private final int sampleSize;
  private final Object lock = new Object();
  private final ArrayDeque<TaskRun> pending = new ArrayDeque<>();
  private Work work; // the first batch's task: what the samples measure
  private ScheduledFuture<?> poller;
  private Decision decision;
  private Engine delegate;
  private int inFlight; // attempts launched on the delegate and not ended
  private boolean closed;
  private volatile long extendedAt; // System.nanoTime() when more samples started; 0: never

  public AutoEngine(Options options, Events events) {
    this.options = options;
    this.events = events;
    this.sampler = new Sampler(options, events, this::poll);
    this.sampleSize = Classifier.sampleSize(Runtime.getRuntime().availableProcessors());
  }

  /** How many of the first tasks auto samples on this machine. */
  public static int sampleSize() {
    return Classifier.sampleSize(Runtime.getRuntime().availableProcessors());
  }

  @Override
  public int window() {
    return options.concurrency();
  }

  @Override
  public void launch(TaskRun run) {
    List<TaskRun> now;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the fanout is closed");
      }
      if (decision == null) {
        if (work == null) {
          work = run.work();
        }
        if (sampler.started() < sampleSize && run.work() == work) {
          sampler.start(run);
          if (poller == null) {
            poller =
                dev.fanout.spi.Scheduler.shared()
                    .scheduleWithFixedDelay(
                        this::poll, POLL_NANOS, POLL_NANOS, TimeUnit.NANOSECONDS);
          }
        } else {
          pending.add(run);
        }
        return;
      }
      pending.add(run);
      now = drain();
    }
    launchAll(now);
  }

  /**
   * On the timer thread or a sample's: decides once the samples say enough. Never throws: an
   * exception on the timer would silently stop the polling and strand every waiting task.
   */
  private void poll() {
    try {
      decideWhenSettled();
    } catch (RuntimeException | Error e) {
      fallBack(e);
    }
  }

  /** Auto could not measure or decide: run the rest on threads, one per core, and say why. */
  private void fallBack(Throwable e) {
    int cores = Runtime.getRuntime().availableProcessors();
    Decision d =
        new Decision(
            Model.THREADS,
            cores,
            cores,
            WorkKind.MIXED,
            0,
            sampler.started(),
            0,
            0,
            0,
            sampler.watchedNanos(),
            "auto could not measure the samples (" + e + "): threads by default");
    synchronized (lock) {
      if (poller != null) {
        poller.cancel(false);
      }
      if (decision == null) {
        decision = d;
      }
    }
    events.decided(d.event());
    launchPending();
  }

  private void launchPending() {
    List<TaskRun> now;
    try {
      synchronized (lock) {
        now = drain();
      }
    } catch (RuntimeException | Error e) {
      // the chosen engine cannot start: fail what waits rather than leave it waiting
      List<TaskRun> stranded;
      synchronized (lock) {
        stranded = new ArrayList<>(pending);
        pending.clear();
      }
      for (TaskRun run : stranded) {
        run.finish("-", options.clock().nanoTime(), 0, 0, null, e);
      }
      return;
    }
    launchAll(now);
  }

  private void decideWhenSettled() {
    List<Measurement> seen = sampler.measure();
    long watched = sampler.watchedNanos();
    long since = extendedAt; // after sampling more, the new samples get a full watch of their own
    long watch = since == 0 ? watched : System.nanoTime() - since;
    if (!Classifier.settled(seen, watch) && !(sampler.allDone() && sampler.started() > 0)) {
      return;
    }
    Decision d;
    synchronized (lock) {
      if (decision != null || closed) {
        return;
      }
      if (Classifier.wantsMoreSamples(seen, sampler.started(), sampleSize) && sampleMore()) {
        extendedAt = System.nanoTime();
        return; // decide when the new samples have been watched
      }
      if (poller != null) {
        poller.cancel(false);
      }
      d = Classifier.decide(seen, facts(), watched);
      decision = d;
    }
    events.decided(d.event());
    launchPending();
  }

  /**
   * Under the lock: starts up to {@link #sampleSize} more samples from the waiting tasks of the
   * same batch; false when none waits.
   */
  private boolean sampleMore() {
    int more = 0;
    for (var it = pending.iterator(); it.hasNext() && more < sampleSize; ) {
      TaskRun run = it.next();
      if (run.work() == work) {
        it.remove();
        sampler.start(run);
        more++;
      }
    }
    return more > 0;
  }

  private Classifier.Facts facts() {
    Object task = work.task();
    Class<?> type = task.getClass();
    boolean named =
        !type.isSynthetic()
            && !type.isAnonymousClass()
            && !type.isLocalClass()
            && !type.getName().contains("$$Lambda");
    return new Classifier.Facts(
        Runtime.getRuntime().availableProcessors(),
        work.isAsync(),
        options.isolate(),
        Engines.available(Model.PROCESSES),
        named,
        options.concurrency());
  }

  /** Under the lock: the pending runs the delegate may take now, each counted in flight. */
  private List<TaskRun> drain() {
    List<TaskRun> out = new ArrayList<>();
    if (decision == null || closed || pending.isEmpty()) {
      return out;
    }
    if (delegate == null) {
      delegate = Engines.engine(delegateOptions(decision), events);
    }
    int cap = Math.max(1, decision.concurrency());
    while (inFlight < cap && !pending.isEmpty()) {
      TaskRun run = pending.poll();
      inFlight++;
      run.whenAttemptDone(this::released);
      out.add(run);
    }
    return out;
  }

  private void launchAll(List<TaskRun> runs) {
    if (runs.isEmpty()) {
      return;
    }
    for (TaskRun run : runs) {
      try {
        delegate.launch(run);
      } catch (RuntimeException | Error e) {
        // the dispatcher is not on this stack: fail the attempt here, as it would
        run.finish("-", options.clock().nanoTime(), 0, 0, null, e);
      }
    }
    // Engines may hold launches until flush() (threads queues them for its drainers, processes
    // chunks them). The dispatcher flushes only before it waits, and these launches come from the
    // timer or a worker thread while it may already be waiting: without this flush they would
    // sit in the delegate's queue and the batch would hang.
    delegate.flush();
  }

  private void released() {
    List<TaskRun> now;
    synchronized (lock) {
      inFlight--;
      now = drain();
    }
    launchAll(now);
  }

  private Options delegateOptions(Decision d) {
    return options.withModel(
        d.model(),
        d.workers(),
        d.concurrency(),
        d.model() == Model.PROCESSES ? Math.max(1, d.concurrency() / d.workers()) : 1);
  }

  /** The decision, or null before auto has decided. */
  public Decision decision() {
    synchronized (lock) {
      return decision;
    }
  }

  @Override
  public void check(Work w) {
    Engine d;
    synchronized (lock) {
      d = delegate;
    }
    if (d != null) {
      d.check(w);
    }
  }

  @Override
  public void flush() {
    Engine d;
    synchronized (lock) {
      d = delegate;
    }
    if (d != null) {
      d.flush();
    }
  }

  @Override
  public void cancel(TaskRun run) {
    Engine d;
    synchronized (lock) {
      if (pending.remove(run)) {
        return; // never launched: the dispatcher ends it
      }
      d = delegate;
    }
    if (sampler.owns(run)) {
      sampler.cancel(run);
    } else if (d != null) {
      d.cancel(run);
    }
  }

  /**
   * The delegate replaces the worker an abandoned attempt still holds (or remembers its thread).
   */
  @Override
  public void abandoned(TaskRun run) {
    Engine d;
    synchronized (lock) {
      d = delegate;
    }
    if (d != null && !sampler.owns(run)) {
      d.abandoned(run);
    }
  }

  @Override
  public void close() {
    Engine d;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (poller != null) {
        poller.cancel(false);
      }
      pending.clear();
      d = delegate;
    }
    sampler.close();
    if (d != null) {
      d.close();
    }
  }
}
