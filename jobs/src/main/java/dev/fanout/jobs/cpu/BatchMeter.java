package dev.fanout.jobs.cpu;

import dev.fanout.Event;
import dev.fanout.Listener;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Measures batches from their events: tasks, failures, CPU time, workers used, and on {@code async}
 * how often and how long tasks held the event loop. The CPU-bound commands ({@code cpu}, {@code
 * hash}) and {@code bench} print their summaries from it.
 *
 * <p>Thread-safe: events arrive from every worker at once.
 */
public final class BatchMeter implements Listener {
  private final AtomicLong tasks = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong cpuNanos = new AtomicLong();
  private final AtomicBoolean cpuUnknown = new AtomicBoolean();
  private final AtomicLong loopBlocks = new AtomicLong();
  private final AtomicLong longestBlockNanos = new AtomicLong();
  private final Set<String> workers = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean loopWarningShown = new AtomicBoolean();

  /**
   * What the meter saw since the last {@link #take()}.
   *
   * @param cpuNanos CPU time of the tasks, or -1 when some ran where the JVM cannot tell (virtual)
   * @param loopBlocks tasks that held the {@code async} event loop past the threshold
   */
  public record Snapshot(
      long tasks,
      long failed,
      long cpuNanos,
      int workers,
      long loopBlocks,
      long longestBlockNanos) {

    /**
     * One summary line, e.g. {@code cpu: 20 tasks on threads in 4.02 s wall, 7.95 s CPU (1.98 cores
     * busy), 2 workers, 0 failed}.
     */
    public String describe(String job, String model, long wallNanos) {
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              Locale.ROOT,
              "%s: %d tasks on %s in %.2f s wall",
              job,
              tasks,
              model,
              wallNanos / 1e9));
      if (cpuNanos >= 0) {
        b.append(
            String.format(
                Locale.ROOT,
                ", %.2f s CPU (%.2f cores busy)",
                cpuNanos / 1e9,
                wallNanos > 0 ? (double) cpuNanos / wallNanos : 0.0));
      } else {
        b.append(", CPU time unknown (virtual threads)");
      }
      b.append(", ").append(workers).append(workers == 1 ? " worker" : " workers");
      b.append(", ").append(failed).append(" failed");
      return b.toString();
    }

    /** The {@code async} lesson, or null when no task held the loop. */
    public String loopLesson() {
      if (loopBlocks == 0) {
        return null;
      }
      return String.format(
          Locale.ROOT,
          "async: %d of %d tasks held the one event-loop thread (longest %.1f ms): while a"
              + " CPU-bound task runs, no other task can; use threads, virtual or processes",
          loopBlocks,
          tasks,
          longestBlockNanos / 1e6);
    }
  }

  @Override
  public void onEvent(Event event) {
    switch (event) {
      case Event.Finished f -> {
        tasks.incrementAndGet();
        if (!f.ok()) {
          failed.incrementAndGet();
        }
        if (f.cpuNanos() < 0) {
          cpuUnknown.set(true);
        } else {
          cpuNanos.addAndGet(f.cpuNanos());
        }
        workers.add(f.worker());
      }
      case Event.LoopBlocked b -> {
        loopBlocks.incrementAndGet();
        longestBlockNanos.accumulateAndGet(b.heldNanos(), Math::max);
      }
      default -> {}
    }
  }

  /** What was seen since the previous call (or the start), and starts counting afresh. */
  public Snapshot take() {
    Snapshot s =
        new Snapshot(
            tasks.getAndSet(0),
            failed.getAndSet(0),
            cpuUnknown.getAndSet(false) ? -1 : cpuNanos.get(),
            workers.size(),
            loopBlocks.getAndSet(0),
            longestBlockNanos.getAndSet(0));
    cpuNanos.set(0);
    workers.clear();
    return s;
  }

  /**
   * The run's stderr lines as a listener: each {@link Event.Warning} and auto's {@link
   * Event.Decided} line go to {@code next}, but only the first blocked-loop warning: a CPU-bound
   * batch on {@code async} blocks the loop with every task, and one warning plus {@link
   * Snapshot#loopLesson()} tells it better than hundreds. Use it with a silent {@link
   * dev.fanout.Fanout.Builder#log}, or every line shows twice.
   */
  public Listener stderrLines(Consumer<String> next) {
    return event -> {
      switch (event) {
        case Event.Warning w -> {
          if (w.kind() != Event.Warning.Kind.BLOCKED_LOOP || !loopWarningShown.getAndSet(true)) {
            next.accept("warning: " + w.text());
          }
        }
        case Event.Decided d -> next.accept(d.line());
        default -> {}
      }
    };
  }
}
