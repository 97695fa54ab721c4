package dev.fanout.internal;

import dev.fanout.spi.Scheduler;
import dev.fanout.spi.TaskRun;
import dev.fanout.spi.Work;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The dispatcher's {@link TaskRun}: one input's life from launch to outcome, across its attempts,
 * with the bookkeeping the dispatcher keeps between attempts. The dispatcher owns it between
 * attempts; during an attempt the engine calls {@link #begin} once, then {@link #finish} once. A
 * finish that loses the race against a cancellation is ignored, so engines need not coordinate.
 *
 * <p>Thread-safety: the attempt state is atomic; the result fields are written by the finishing
 * thread and read by the dispatcher after it takes this run from its queue (happens-before via the
 * queue).
 */
final class DispatchedRun implements TaskRun {
  private static final int LAUNCHED = 1;
  private static final int RUNNING = 2;
  private static final int DONE = 3;

  private final Dispatcher<?, ?> owner;
  private final long index;
  private final Object input;
  private final String key;
  private final Work work;
  // fields with VarHandles, not AtomicInteger/AtomicReference objects: two allocations fewer per
  // input, which the per-task overhead (JMH TaskOverhead) shows
  private static final VarHandle STATE;
  private static final VarHandle ON_ATTEMPT_DONE;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STATE = l.findVarHandle(DispatchedRun.class, "state", int.class);
      ON_ATTEMPT_DONE = l.findVarHandle(DispatchedRun.class, "onAttemptDone", Runnable.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile int state = DONE;
  private volatile boolean startEmitted;
  private volatile Object cancelHandle;
  private volatile Runnable onAttemptDone;

  // the task timeout's timer of the running attempt, and the attempt it fired for (0: none)
  private volatile ScheduledFuture<?> timer;
  volatile int timedOutAttempt;

  // attempt bookkeeping: written by the dispatcher between attempts
  int slot = -1; // its place in the dispatcher's LaunchedRuns while launched
  String rateKey;
  boolean paced; // waited for its rate permit: launch now
  boolean abandoned; // its last attempt was given up on: the next one needs a fresh run
  int attempt;
  long firstStartNanos = Long.MIN_VALUE;
  long cpuNanos;
  long bytes;

  // last attempt's result: written by the engine in finish()
  DispatchedRun nextEnded; // its link in the dispatcher's Signals, from finish() until handled
  String worker;
  long attemptStartNanos = Long.MIN_VALUE;
  long endNanos;
  long attemptCpuNanos;
  long attemptBytes;
  Object value;
  Throwable error;

  DispatchedRun(Dispatcher<?, ?> owner, long index, Object input, String key, Work work) {
    this.owner = owner;
    this.index = index;
    this.input = input;
    this.key = key;
    this.work = work;
  }

  @Override
  public long index() {
    return index;
  }

  @Override
  public Object input() {
    return input;
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public Work work() {
    return work;
  }

  String key() {
    return key;
  }

  @Override
  public boolean cpuTimed() {
    return owner.cpuTimed();
  }

  /**
   * Identity equality, but a hash from the index: an identity hash is generated on first use, a
   * cost every attempt would pay when the dispatcher tracks it in a set.
   */
  @Override
  public int hashCode() {
    return Long.hashCode(index);
  }

  @Override
  public void cancelHandle(Object handle) {
    this.cancelHandle = handle;
  }

  @Override
  public Object cancelHandle() {
    return cancelHandle;
  }

  @Override
  public void whenAttemptDone(Runnable hook) {
    onAttemptDone = hook;
  }

  private void attemptDone() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      timer = null;
      t.cancel(false);
    }
    Runnable hook = onAttemptDone; // a plain read first: most runs have no hook
    if (hook != null && ON_ATTEMPT_DONE.compareAndSet(this, hook, null)) {
      hook.run();
    }
  }

  void markLaunched() {
    state = LAUNCHED;
  }

  /** Cancels an attempt that has not begun; false when it already began or ended. */
  boolean cancelBeforeStart() {
    if (STATE.compareAndSet(this, LAUNCHED, DONE)) {
      attemptDone();
      return true;
    }
    return false;
  }

  /** Ends the attempt whatever its state; false when it had already ended. */
  boolean abandon() {
    int s = state;
    if (s != DONE && STATE.compareAndSet(this, s, DONE)) {
      attemptDone();
      return true;
    }
    return false;
  }

  boolean isOpen() {
    return state != DONE;
  }

  /** True while an attempt runs: begun, not yet finished. */
  boolean isRunning() {
    return state == RUNNING;
  }

  /**
   * A fresh run for the next attempt of an abandoned one, with its bookkeeping: the abandoned
   * attempt may still call {@link #finish} on this one, which must not end the next attempt.
   */
  DispatchedRun successor() {
    DispatchedRun next = new DispatchedRun(owner, index, input, key, work);
    next.rateKey = rateKey;
    next.attempt = attempt;
    next.firstStartNanos = firstStartNanos;
    next.cpuNanos = cpuNanos;
    next.bytes = bytes;
    next.worker = worker;
    next.startEmitted = startEmitted;
    next.timedOutAttempt = timedOutAttempt;
    return next;
  }

  /** True when its batch is cancelled: an attempt not begun yet must not begin. */
  boolean batchCancelled() {
    return owner.isCancelled();
  }

  @Override
  public boolean begin(String worker, long nanos) {
    if (!STATE.compareAndSet(this, LAUNCHED, RUNNING)) {
      return false;
    }
    this.attemptStartNanos = nanos;
    long timeout = owner.timeoutNanos();
    if (timeout > 0) {
      this.worker = worker; // for an attempt abandoned before it finished
      if (!owner.startsReportedLate()) {
        startTimer(timeout);
      }
    }
    if (owner.observed() && !startEmitted) { // no listener: no volatile write for nobody
      startEmitted = true;
      owner.emitStarted(this, worker, nanos);
    }
    return true;
  }

  @Override
  public void sentToWorker() {
    long timeout = owner.timeoutNanos();
    if (timeout > 0) {
      startTimer(timeout);
    }
  }

  private void startTimer(long timeoutNanos) {
    int thisAttempt = attempt;
    ScheduledFuture<?> t =
        Scheduler.shared()
            .schedule(() -> owner.timedOut(this, thisAttempt), timeoutNanos, TimeUnit.NANOSECONDS);
    timer = t;
    if (!isOpen()) { // ended before the timer was stored: attemptDone() missed it
      t.cancel(false);
    }
  }

  /** For the dispatcher: emits the start event if the engine never did. */
  boolean claimStartEvent() {
    if (startEmitted) {
      return false;
    }
    startEmitted = true;
    return true;
  }

  @Override
  public void finish(
      String worker, long endNanos, long cpuNanos, long bytes, Object value, Throwable error) {
    int s = state;
    if (s == DONE || !STATE.compareAndSet(this, s, DONE)) {
      return;
    }
    this.worker = worker;
    this.endNanos = endNanos;
    this.attemptCpuNanos = cpuNanos;
    this.attemptBytes = bytes;
    this.value = value;
    this.error = error;
    attemptDone(); // before the signal: the dispatcher may relaunch this run at once (a retry)
    owner.signal(this);
  }
}
