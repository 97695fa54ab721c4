package dev.fanout.internal;

import dev.fanout.Event;
import dev.fanout.Options;
import dev.fanout.Outcome;
import dev.fanout.RetryPolicy;
import dev.fanout.spi.Engine;
import dev.fanout.spi.Events;
import dev.fanout.spi.Scheduler;
import dev.fanout.spi.Work;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The loop of one batch, run on the caller's thread as it pulls outcomes: pulls inputs lazily,
 * keeps at most the engine's window launched, enforces the per-key limit, schedules retries, and
 * turns finished attempts into outcomes and events. All its state but the signal queue is touched
 * by that one thread, so it needs no locks.
 *
 * <p>Not thread-safe, except {@link #signal}, {@link #emitStarted} and {@link #cancel}.
 */
public final class Dispatcher<I, R> implements Iterator<Outcome<I, R>> {
  /** How long a cancelled batch waits for running attempts to notice before giving up on them. */
  static final Duration CANCEL_GRACE = Duration.ofMillis(1500);

  /**
   * How long a timed-out attempt has to notice its interrupt before it is abandoned: past the
   * processes engine's kill delay, so a stuck worker JVM is killed (and replaced) first.
   */
  static final Duration TIMEOUT_GRACE = Duration.ofMillis(1500);

  private static final Object CANCEL = new Object();

  private final Engine engine;
  private final Options options;
  private final Events events;
  private final Work work;
  private final Iterator<? extends I> inputs;
  private final Function<Object, String> keyOf;
  private final int perKey;
  private final Function<Object, String> rateKeyOf;
  private final RateLimits rates;
  private final long timeoutNanos;
  private final boolean startsLate;
  private final boolean observed;
  private final boolean cpuTimed;
  private final int window;
  private final Runnable onDone;

  private final Signals signals = new Signals();
  private final ArrayDeque<Outcome<I, R>> ready = new ArrayDeque<>();
  private final LaunchedRuns launched = new LaunchedRuns();
  private final Set<DispatchedRun> backingOff = new java.util.HashSet<>();
  private final Map<String, Integer> keyActive = new HashMap<>();
  private final Map<String, ArrayDeque<DispatchedRun>> keyWaiting = new HashMap<>();
  private int waiting;
  private int inFlight; // launched or backing off, not yet an outcome
  private long nextIndex;
  private boolean inputsDone;
  private volatile boolean cancelled;
  private boolean cancelHandled;
  private long cancelDeadline;
  private boolean callerInterrupted;
  private volatile String cancelReason; // why the batch was cancelled, when not by its caller
  private boolean finished;
  private Outcome<I, R> peeked;

  Dispatcher(
      Engine engine,
      Options options,
      Events events,
      Work work,
      Iterator<? extends I> inputs,
      RateLimits rates,
      Runnable onDone) {
    this.engine = engine;
    this.options = options;
    this.events = events;
    this.work = work;
    this.inputs = inputs;
    this.keyOf = options.perKey() > 0 ? options.keyOf() : null;
    this.perKey = options.perKey();
    this.rates = rates;
    this.rateKeyOf = rates == null ? null : options.rateKeyOf();
    this.timeoutNanos = options.taskTimeout().toNanos();
    this.startsLate = engine.reportsStartLate();
    this.observed = events.any();
    this.cpuTimed = observed || options.measureCpu();
    this.window = Math.max(1, engine.window());
    this.onDone = onDone;
  }

  // ---- called from other threads ----

  void signal(DispatchedRun run) {
    signals.push(run);
  }

  void emitStarted(DispatchedRun run, String worker, long nanos) {
    events.emit(new Event.Started(run.index(), run.input(), worker, nanos));
  }

  /** True when a listener reads the events (it never changes during a batch). */
  boolean observed() {
    return observed;
  }

  boolean cpuTimed() {
    return cpuTimed;
  }

  /** The task timeout in nanoseconds, 0 for none. */
  long timeoutNanos() {
    return timeoutNanos;
  }

  /** True when the engine reports starts late, so the timeout counts from the send. */
  boolean startsReportedLate() {
    return startsLate;
  }

  /** True once the batch is cancelled; read by engines' threads before they start an attempt. */
  boolean isCancelled() {
    return cancelled;
  }

  /**
   * On the timer thread: {@code attempt} of {@code run} outlived the task timeout. Interrupts it
   * now (the dispatcher may be busy inside a sequential task) and gives it a grace to end before
   * the dispatcher abandons it.
   */
  void timedOut(DispatchedRun run, int attempt) {
    if (run.attempt != attempt || !run.isOpen()) {
      return;
    }
    run.timedOutAttempt = attempt;
    engine.timedOut(run);
    Scheduler.shared()
        .schedule(
            () -> post(new GraceOver(run, attempt)), TIMEOUT_GRACE.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Why the batch was cancelled (fail-fast), or null when by its caller or not at all. */
  String cancelReason() {
    return cancelReason;
  }

  /** Stops launching and cancels what runs; the consumer's next call sees it. */
  public void cancel() {
    cancelled = true;
    post(CANCEL);
    for (DispatchedRun run : launched.snapshot()) {
      engine.cancel(run); // interrupt now: the consumer may be busy inside a sequential task
    }
  }

  // ---- the iterator, on the consumer's thread ----

  @Override
  public boolean hasNext() {
    if (peeked == null) {
      peeked = advance();
    }
    return peeked != null;
  }

  @Override
  public Outcome<I, R> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Outcome<I, R> o = peeked;
    peeked = null;
    return o;
  }

  /** True when the caller's thread was interrupted during the batch (the flag is set again). */
  boolean wasInterrupted() {
    return callerInterrupted;
  }

  private Outcome<I, R> advance() {
    while (true) {
      if (!ready.isEmpty()) {
        return ready.poll();
      }
      if (finished) {
        return null;
      }
      if (cancelled && !cancelHandled) {
        handleCancel();
        continue;
      }
      if (!cancelled) {
        fill();
        if (!ready.isEmpty()) {
          continue;
        }
      }
      if (inFlight == 0 && waiting == 0 && (inputsDone || cancelled)) {
        finish();
        continue;
      }
      engine.flush();
      Object signal = awaitSignal();
      if (signal == null) { // the cancel grace ran out
        abandonRunning();
        continue;
      }
      // Handle every signal already queued before refilling: a wake-up costs a system call or two,
      // so one per batch of finished attempts, not one per attempt, keeps tiny tasks cheap, and
      // the refill then launches the whole batch before the engine's next flush.
      do {
        if (signal instanceof DispatchedRun run) {
          onAttemptEnded(run);
        } else if (signal instanceof RetryDue due) {
          onRetryDue(due.run);
        } else if (signal instanceof GraceOver over) {
          onGraceOver(over.run, over.attempt);
        }
      } while ((signal = signals.poll()) != null);
    }
  }

  private void post(Object signal) {
    signals.post(signal);
  }

  /**
   * The next signal, waiting for one; after a cancellation, waits until the grace period ends and
   * then returns null. An interrupt of the caller cancels the batch.
   */
  private Object awaitSignal() {
    Object signal = signals.poll();
    if (signal != null) {
      return signal;
    }
    Thread me = Thread.currentThread();
    try {
      while (true) {
        signals.waiter(me);
        signal = signals.poll(); // after publishing the waiter: a post from now on unparks us
        if (signal != null) {
          return signal;
        }
        if (Thread.interrupted()) {
          callerInterrupted = true;
          cancel();
          return CANCEL;
        }
        if (!cancelHandled) {
          LockSupport.park(this);
        } else {
          long left = cancelDeadline - System.nanoTime();
          if (left <= 0) {
            return null;
          }
          LockSupport.parkNanos(this, left);
        }
      }
    } finally {
      signals.waiter(null);
    }
  }

  private void fill() {
    while (inFlight < window && !cancelled) {
      if (waiting >= window || !pullable()) {
        return;
      }
      I input = inputs.next();
      long index = nextIndex++;
      String key;
      try {
        key = keyOf == null ? null : keyOf.apply(input);
      } catch (RuntimeException e) {
        DispatchedRun run = new DispatchedRun(this, index, input, null, work);
        run.error =
            new IllegalArgumentException("cannot compute the key of input " + index + ": " + e, e);
        complete(run, false);
        continue;
      }
      DispatchedRun run = new DispatchedRun(this, index, input, key, work);
      if (rateKeyOf != null) {
        try {
          run.rateKey = rateKeyOf.apply(input);
        } catch (RuntimeException e) {
          run.error =
              new IllegalArgumentException(
                  "cannot compute the rate key of input " + index + ": " + e, e);
          complete(run, false);
          continue;
        }
      }
      if (key != null && keyActive.getOrDefault(key, 0) >= perKey) {
        keyWaiting.computeIfAbsent(key, k -> new ArrayDeque<>()).add(run);
        waiting++;
      } else {
        start(run);
      }
    }
  }

  private boolean pullable() {
    if (inputsDone) {
      return false;
    }
    if (!inputs.hasNext()) {
      inputsDone = true;
      return false;
    }
    return true;
  }

  private void start(DispatchedRun run) {
    if (run.key() != null) {
      keyActive.merge(run.key(), 1, Integer::sum);
    }
    inFlight++;
    run.attempt = 1;
    launch(run);
  }

  private void launch(DispatchedRun run) {
    if (rates != null && run.rateKey != null) {
      if (!run.paced) {
        long wait = rates.reserve(run.rateKey, System.nanoTime());
        if (wait > 0) { // wait like a retry's backoff: it holds its slot, cancellation ends it
          run.paced = true;
          backingOff.add(run);
          Scheduler.shared().schedule(() -> post(new RetryDue(run)), wait, TimeUnit.NANOSECONDS);
          return;
        }
      }
      run.paced = false;
    }
    run.markLaunched();
    launched.add(run);

    try {
      engine.launch(run);
    } catch (RuntimeException | Error e) {
      // an engine that cannot take the attempt (closed, broken) fails it, not the batch
      run.finish("-", options.clock().nanoTime(), 0, 0, null, e);
      return;
    }
    if (cancelled && run.isOpen()) {
      // cancel() may have run between the check that let this launch and the add above: read after
      // the add, the flag makes sure every launched attempt is interrupted (so an engine's close
      // need not track them all itself), whether or not the consumer drives the batch again
      engine.cancel(run);
    }
  }

  private void onAttemptEnded(DispatchedRun run) {
    launched.remove(run);
    if (run.firstStartNanos == Long.MIN_VALUE && run.attemptStartNanos != Long.MIN_VALUE) {
      run.firstStartNanos = run.attemptStartNanos;
    }
    if (run.attemptCpuNanos < 0 || run.cpuNanos < 0) {
      run.cpuNanos = -1;
    } else {
      run.cpuNanos += run.attemptCpuNanos;
    }
    run.bytes += run.attemptBytes;
    Throwable error = run.error;
    if (run.timedOutAttempt == run.attempt && !cancelled) {
      error = timeoutError(run, error);
      run.error = error;
    } else if (cancelled && error != null && causedByInterrupt(error)) {
      // the interrupt was ours: report the cancellation, with what the task saw as the cause
      CancellationException c = cancelledError("while running");
      c.initCause(error);
      run.error = c;
      error = c;
    }
    RetryPolicy retry = options.retry();
    if (error != null && !cancelled && retry.shouldRetry(error, run.attempt)) {
      Duration delay = retry.delayAfter(run.attempt, error);
      DispatchedRun next = run.abandoned ? run.successor() : run;
      next.attempt++;
      next.error = null;
      if (delay.isZero()) {
        launch(next);
      } else {
        backingOff.add(next);
        Scheduler.shared()
            .schedule(() -> post(new RetryDue(next)), delay.toNanos(), TimeUnit.NANOSECONDS);
      }
      return;
    }
    complete(run, true);
  }

  /** A timed-out attempt's grace is over: if it still runs, give up on it and move on. */
  private void onGraceOver(DispatchedRun run, int attempt) {
    if (run.attempt != attempt || !launched.contains(run) || !run.abandon()) {
      return; // it ended meanwhile
    }
    launched.remove(run);
    engine.abandoned(run);
    run.abandoned = true;
    run.endNanos = options.clock().nanoTime();
    run.attemptCpuNanos = -1;
    run.attemptBytes = 0;
    run.value = null;
    run.error = null; // onAttemptEnded turns it into the timeout
    onAttemptEnded(run);
  }

  private TimeoutException timeoutError(DispatchedRun run, Throwable seen) {
    TimeoutException e =
        new TimeoutException(
            "attempt "
                + run.attempt
                + " ran longer than the task timeout of "
                + formatDuration(timeoutNanos)
                + (run.abandoned
                    ? " and ignored its interrupt for " + TIMEOUT_GRACE.toMillis() + " ms"
                    : ""));
    if (seen != null) {
      e.initCause(seen);
    }
    return e;
  }

  private static String formatDuration(long nanos) {
    long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  private void onRetryDue(DispatchedRun run) {
    if (!backingOff.remove(run)) {
      return; // finalized by a cancellation meanwhile
    }
    if (cancelled) { // a paced start due while the cancel is being handled
      run.error = cancelledError("before it started");
      complete(run, true);
      return;
    }
    launch(run);
  }

  /** Turns a run into its outcome and finish event; {@code counted} when it held a slot. */
  private void complete(DispatchedRun run, boolean counted) {
    if (counted) {
      inFlight--;
      releaseKey(run.key());
    }
    long end = run.endNanos != 0 ? run.endNanos : options.clock().nanoTime();
    long start = run.firstStartNanos != Long.MIN_VALUE ? run.firstStartNanos : end;
    String worker = run.worker != null ? run.worker : "-";
    int attempts = Math.max(1, run.attempt);
    if (observed) {
      if (run.claimStartEvent()) {
        events.emit(new Event.Started(run.index(), run.input(), worker, start));
      }
      events.emit(
          new Event.Finished(
              run.index(),
              run.input(),
              worker,
              start,
              end,
              run.cpuNanos,
              attempts,
              run.error == null,
              run.error == null ? null : describe(run.error),
              run.bytes));
    }
    @SuppressWarnings("unchecked")
    I input = (I) run.input();
    Outcome.Stats stats = new Outcome.Stats(worker, start, end, run.cpuNanos, run.bytes);
    if (run.error == null) {
      @SuppressWarnings("unchecked")
      R value = (R) run.value;
      ready.add(new Outcome.Success<>(run.index(), input, value, attempts, stats));
    } else {
      ready.add(new Outcome.Failure<>(run.index(), input, run.error, attempts, stats));
      if (options.failFast() && !cancelled) {
        cancelReason = "fail-fast: input " + run.index() + " failed first";
        cancel();
      }
    }
  }

  private static boolean causedByInterrupt(Throwable error) {
    return error instanceof InterruptedException
        || error instanceof java.io.InterruptedIOException
        || error instanceof java.nio.channels.ClosedByInterruptException
        || error instanceof CancellationException;
  }

  static String describe(Throwable error) {
    String m = error.getMessage();
    return m == null || m.isBlank() ? error.getClass().getSimpleName() : m;
  }

  private void releaseKey(String key) {
    if (key == null) {
      return;
    }
    int left = keyActive.merge(key, -1, Integer::sum);
    if (left <= 0) {
      keyActive.remove(key);
    }
    ArrayDeque<DispatchedRun> queue = keyWaiting.get(key);
    if (queue != null && !cancelled) {
      DispatchedRun next = queue.poll();
      if (queue.isEmpty()) {
        keyWaiting.remove(key);
      }
      waiting--;
      start(next);
    }
  }

  private void handleCancel() {
    cancelHandled = true;
    cancelDeadline = System.nanoTime() + CANCEL_GRACE.toNanos();
    for (ArrayDeque<DispatchedRun> queue : keyWaiting.values()) {
      for (DispatchedRun run : queue) {
        run.error = cancelledError("before it started");
        complete(run, false);
      }
    }
    keyWaiting.clear();
    waiting = 0;
    for (DispatchedRun run : backingOff) {
      run.error = cancelledError("while waiting to retry");
      complete(run, true);
    }
    backingOff.clear();
    for (DispatchedRun run : launched.snapshot()) {
      if (run.cancelBeforeStart()) {
        launched.remove(run);
        run.error = cancelledError("before it started");
        complete(run, true);
      } else {
        engine.cancel(run);
      }
    }
  }

  private void abandonRunning() {
    for (DispatchedRun run : launched.snapshot()) {
      // an attempt that ignored its interrupt is given up on: its late finish will be ignored
      if (run.abandon()) {
        launched.remove(run);
        engine.abandoned(run);
        run.error = cancelledError("and did not stop within " + CANCEL_GRACE.toMillis() + " ms");
        complete(run, true);
      }
    }
  }

  private CancellationException cancelledError(String when) {
    String reason = cancelReason;
    return new CancellationException(
        "cancelled " + when + (reason == null ? "" : " (" + reason + ")"));
  }

  private void finish() {
    finished = true;
    if (callerInterrupted) {
      Thread.currentThread().interrupt();
    }
    onDone.run();
  }

  /** Cancels and drains: for a stream closed before it was consumed. */
  void close() {
    if (finished) {
      return;
    }
    cancel();
    while (advance() != null) {
      // drop outcomes nobody will read
    }
  }

  private record RetryDue(DispatchedRun run) {}

  private record GraceOver(DispatchedRun run, int attempt) {}
}
