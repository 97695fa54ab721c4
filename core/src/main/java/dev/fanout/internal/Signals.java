package dev.fanout.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * What other threads tell a dispatcher: attempts that ended (one per attempt, nearly every signal)
 * and the rare rest (a retry due, a grace over, a cancel). An ended run is pushed on a stack linked
 * through the run itself, so a signal allocates nothing; the consumer takes the whole stack at once
 * and hands it out oldest first. Lock-free: finishing attempts (often virtual threads) never block
 * on the consumer.
 *
 * <p>Thread-safety: {@link #push} and {@link #post} from any thread; {@link #poll} and {@link
 * #waiter} from the consumer's thread only. A signal pushed or posted happens-before the {@link
 * #poll} that returns it, and one sent after the consumer published itself as the waiter unparks
 * it.
 */
final class Signals {
  private static final VarHandle ENDED;
  private static final VarHandle WAITER;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      ENDED = l.findVarHandle(Signals.class, "ended", DispatchedRun.class);
      WAITER = l.findVarHandle(Signals.class, "waiter", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile DispatchedRun ended; // newest first, linked by DispatchedRun.nextEnded
  private final ConcurrentLinkedQueue<Object> others = new ConcurrentLinkedQueue<>();
  private volatile Thread waiter; // the consumer, while it waits for a signal
  private DispatchedRun taken; // the consumer's: runs taken from the stack, oldest first

  /** The attempt of {@code run} ended; a run is pushed at most once per attempt. */
  void push(DispatchedRun run) {
    DispatchedRun top;
    do {
      top = ended;
      run.nextEnded = top;
    } while (!ENDED.weakCompareAndSet(this, top, run));
    wake();
  }

  void post(Object signal) {
    others.add(signal);
    wake();
  }

  private void wake() {
    Thread t = waiter;
    // one unpark per wait: the poster that takes the waiter wakes it, the others see null. An
    // unpark is a system call; a batch of attempts finishing together would otherwise make one
    // each while the consumer is still waking up
    if (t != null && WAITER.compareAndSet(this, t, null)) {
      LockSupport.unpark(t);
    }
  }

  /** The next signal, or null when there is none now. */
  Object poll() {
    DispatchedRun run = taken;
    if (run == null) {
      Object other = others.poll();
      if (other != null) {
        return other;
      }
      if (ended == null) { // a plain read first: no atomic write when there is nothing
        return null;
      }
      run = takeAll();
    }
    taken = run.nextEnded;
    run.nextEnded = null; // pushed again only after the consumer has handled it
    return run;
  }

  /** Empties the stack, reversed so that the oldest comes first. */
  private DispatchedRun takeAll() {
    DispatchedRun run = (DispatchedRun) ENDED.getAndSet(this, (DispatchedRun) null);
    DispatchedRun oldestFirst = null;
    while (run != null) {
      DispatchedRun next = run.nextEnded;
      run.nextEnded = oldestFirst;
      oldestFirst = run;
      run = next;
    }
    return oldestFirst;
  }

  /**
   * Publishes the consumer as the one to unpark ({@code null} when it stops waiting). It must
   * {@link #poll} again after publishing itself and before it parks.
   */
  void waiter(Thread consumer) {
    waiter = consumer;
  }
}
