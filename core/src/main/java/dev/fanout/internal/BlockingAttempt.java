package dev.fanout.internal;

import dev.fanout.Clock;
import dev.fanout.spi.AttemptWorker;
import dev.fanout.spi.ResourceSlot;
import dev.fanout.spi.TaskRun;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ScheduledExecutorService;

/** Runs one attempt to completion on the calling thread, timing its wall and CPU time. */
public final class BlockingAttempt {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

  private BlockingAttempt() {}

  static void run(
      TaskRun run,
      String workerId,
      ResourceSlot slot,
      ScheduledExecutorService executor,
      Clock clock) {
    // a thread that frees up after its batch was cancelled (a close that nobody's read drives)
    // takes no further queued attempt: it would start after the cancel's interrupts, and a task
    // that ignores one interrupt would then keep its thread. Left launched, the attempt ends as
    // "cancelled before it started" when the dispatcher next runs.
    if (run instanceof DispatchedRun d && d.batchCancelled()) {
      return;
    }
    long start = clock.nanoTime();
    if (!run.begin(workerId, start)) {
      return;
    }
    long cpu0 = run.cpuTimed() ? cpuNow() : -1;
    AttemptWorker worker = new AttemptWorker(workerId, slot, executor);
    Object value = null;
    Throwable error = null;
    try {
      value = run.work().runBlocking(run.input(), worker);
    } catch (Throwable t) { // every failure becomes an outcome, Errors included
      error = t;
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    long cpu1 = cpu0 < 0 ? -1 : cpuNow();
    long cpu = cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0;
    run.finish(workerId, clock.nanoTime(), cpu, worker.bytes(), value, error);
  }

  /** CPU time of the current thread, or -1 where the JVM cannot tell (virtual threads). */
  public static long cpuNow() {
    if (!CPU_TIME || Thread.currentThread().isVirtual()) {
      return -1;
    }
    return THREADS.getCurrentThreadCpuTime();
  }
}
